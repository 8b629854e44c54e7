"""Duplicate detection measured on a labelled set; merge and "pas un doublon"."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from catalogue import db
from catalogue.curation import doublons
from catalogue.models import Modification, Offer, Redirection, Statut, Structure
from importers.base import importer
from importers.memoire import ImporterEnMemoire
from tests.curation_jeux import jeu_doublons
from tests.curation_outils import client_de, comptes, poster  # noqa: F401 - fixtures
from tests.navigateur import ARTEFACTS

PRECISION_MIN, RAPPEL_MIN = 0.85, 0.8


@pytest.fixture
def jeu(app: Flask, engine: Any) -> set[tuple[str, str]]:
    catalogue, paires = jeu_doublons()
    rapport = importer(ImporterEnMemoire("jeu-doublons", catalogue["structures"],
                                         catalogue["services"], statut_initial="publiee"), engine)
    assert rapport.run["compteurs"].get("rejected", 0) == 0, rapport.resume()
    return paires


def test_precision_and_recall_on_the_labelled_set(app: Flask, jeu: set[tuple[str, str]]):
    with app.app_context(), db.session_scope() as s:
        offres = list(s.exec(select(Offer)))
        structures = {st.id: st for st in s.exec(select(Structure))}
    trouvees = {(c.a, c.b) for c in doublons.candidats(offres, structures)}
    vrais = trouvees & jeu
    precision, rappel = len(vrais) / len(trouvees), len(vrais) / len(jeu)
    mesure = {"offres": len(offres), "paires_etiquetees_doublons": len(jeu),
              "paires_proposees": len(trouvees), "vrais_positifs": len(vrais),
              "precision": round(precision, 3), "rappel": round(rappel, 3),
              "seuil": doublons.SEUIL, "faux_positifs": sorted(trouvees - jeu),
              "faux_negatifs": sorted(jeu - trouvees)}
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "doublons-mesure.json").write_text(json.dumps(mesure, ensure_ascii=False,
                                                                indent=1), encoding="utf-8")
    print(f"\nDoublons : précision {precision:.2f}, rappel {rappel:.2f} "
          f"({len(vrais)} / {len(trouvees)} proposées, {len(jeu)} attendues, "
          f"{len(offres)} offres)")
    assert precision >= PRECISION_MIN and rappel >= RAPPEL_MIN, mesure


def test_candidates_are_explained_and_scored(app: Flask, jeu: Any):
    with app.app_context(), db.session_scope() as s:
        a = s.get(Offer, "dora--reparation-velos-calais")
        b = s.get(Offer, "mes-aides--reparation-velo-calais")
        c = doublons.evaluer(doublons.profil(a, s.get(Structure, a.structure_id)),
                             doublons.profil(b, s.get(Structure, b.structure_id)))
    assert c is not None and c.score >= doublons.SEUIL
    assert "Même SIRET de structure" in c.raisons and "Même commune" in c.raisons


@pytest.mark.usefixtures("comptes")
def test_merge_keeps_both_provenances_and_redirects(app: Flask, jeu: Any):
    garde, autre = "demo--emploi-62498-atelier-cv", "dora--atelier-cv-lens"
    client = client_de(app, "anim62@exemple.org")
    liste = client.get("/curation/doublons/").text
    assert "Atelier CV &amp; lettre de motivation" in liste
    comparaison = client.get(f"/curation/doublons/comparer?a={garde}&b={autre}").text
    assert "Fusionner B dans A" in comparaison and 'name="prendre" value="nom"' in comparaison
    reponse = poster(client, "/curation/doublons/fusionner", {
        "garde": garde, "autre": autre, "version": "1", "prendre": ["nom"]})
    assert reponse.status_code == 302 and reponse.location.endswith(garde), reponse.text
    with app.app_context(), db.session_scope() as s:
        gardee, fusionnee = s.get(Offer, garde), s.get(Offer, autre)
        notes = [m.commentaire for m in s.exec(select(Modification).where(
            Modification.origine == "fusion"))]
        assert s.get(Redirection, ("offre", autre)).nouvel_id == garde
    assert gardee.nom == "Atelier CV & lettre de motivation" and gardee.source == "demo"
    assert fusionnee.statut == Statut.ARCHIVEE and fusionnee.source == "dora"
    assert any("source dora" in (n or "") for n in notes), "the other provenance is recorded"
    ancienne = client.get(f"/offres/{autre}")
    assert ancienne.status_code == 301 and ancienne.location.endswith(f"/offres/{garde}")
    assert client.get(f"/curation/offres/{autre}").status_code == 301
    liste = client.get("/curation/doublons/").text
    assert "l'ancienne adresse de dora--atelier-cv-lens" in html.unescape(liste), "flash message"
    assert f"={autre}" not in liste, "an archived offer is no longer a candidate"


@pytest.mark.usefixtures("comptes")
def test_not_a_duplicate_is_remembered(app: Flask, jeu: Any):
    a, b = "demo--emploi-62498-atelier-cv", "demo--emploi-62498-lettre-anglais"
    client = client_de(app, "anim62@exemple.org")
    assert f"a={a}&amp;b={b}" in client.get("/curation/doublons/").text
    poster(client, "/curation/doublons/distincts", {"a": b, "b": a, "departement": "62"})
    assert f"a={a}&amp;b={b}" not in client.get("/curation/doublons/").text
