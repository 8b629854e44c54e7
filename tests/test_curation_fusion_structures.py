"""Structure merge (issue 18 point 15): candidates, side-by-side comparison, merge in one
transaction (offers moved, both provenances kept, old addresses redirected, history, journal,
exports), re-import of either source afterwards, and refusals in French."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import col, select

from catalogue import db
from catalogue.curation import doublons_structures, moderation
from catalogue.exports import exporter
from catalogue.journal import Changement
from catalogue.models import Modification, Offer, Redirection, Revue, Structure
from importers.base import Rapport, importer
from importers.memoire import ImporterEnMemoire
from tests.curation_outils import client_de, comptes, poster  # noqa: F401 - fixtures
from tests.fabriques import service, structure

GARDE, AUTRE = "test--s1", "autre--s1"
SIRET = "13000000000017"


def structures_lens() -> tuple[dict[str, Any], dict[str, Any]]:
    """The same mission locale as two sources know it."""
    garde = structure(1, nom="Mission locale de Lens", siret=SIRET, commune="Lens",
                      code_postal="62300", code_insee="62498", adresse="1 rue de la Gare")
    autre = {**structure(1, nom="Mission Locale Lens", siret=SIRET, commune="Lens",
                         code_postal="62300", code_insee="62498", adresse="1 rue de la gare",
                         telephone="0321000000"), "source": "autre", "id": AUTRE}
    return garde, autre


def services_autre(**champs: Any) -> list[dict[str, Any]]:
    return [{**service(1, nom="Permanence emploi jeunes", zone_eligibilite=["62498"]),
             "source": "autre", "id": "autre--o1", "structure_id": AUTRE, **champs}]


def importer_source(engine: Any, source: str, structures: list[dict[str, Any]],
                    services: list[dict[str, Any]], **options: Any) -> Rapport:
    rapport = importer(ImporterEnMemoire(f"{source}.json", structures, services), engine,
                       **options)
    assert rapport.run["compteurs"].get("rejected", 0) == 0, rapport.resume()
    return rapport


@pytest.fixture
def deux_sources(app: Flask, engine: Any, comptes: Any) -> None:  # noqa: F811 - fixture
    garde, autre = structures_lens()
    importer_source(engine, "test", [garde], [service(1, zone_eligibilite=["62498"]),
                                              service(2, zone_eligibilite=["62"])])
    importer_source(engine, "autre", [autre], services_autre())


def fusionner(client: Any, app: Flask, garde: str = GARDE, autre: str = AUTRE,
              **valeurs: str) -> Any:
    with app.app_context(), db.session_scope() as s:
        empreintes = (s.get(Structure, garde).empreinte, s.get(Structure, autre).empreinte)
    return poster(client, "/curation/doublons/structures/fusionner", {
        "garde": garde, "autre": autre, "empreinte_garde": empreintes[0],
        "empreinte_autre": empreintes[1], **{f"valeur_{c}": v for c, v in valeurs.items()}})


def test_candidates_by_siret_and_by_name_in_one_commune():
    a = Structure(id="a--1", source="a", source_id="1", nom="Mission locale de Lens",
                  date_maj="2025-01-01", siret=SIRET, code_insee="62498")
    b = Structure(id="b--1", source="b", source_id="1", nom="MISSION LOCALE LENS",
                  date_maj="2025-01-01", code_insee="62498")
    c = Structure(id="c--1", source="c", source_id="1", nom="Mission locale de Liévin",
                  date_maj="2025-01-01", code_insee="62510")
    d = Structure(id="d--1", source="d", source_id="1", nom="Tout autre nom",
                  date_maj="2025-01-01", siret=SIRET, code_insee="62510")
    trouves = {(x.a, x.b): x for x in doublons_structures.candidats([a, b, c, d])}
    assert set(trouves) == {("a--1", "b--1"), ("a--1", "d--1")}
    assert "Même commune" in trouves[("a--1", "b--1")].raisons
    assert "Même SIRET" in trouves[("a--1", "d--1")].raisons
    assert doublons_structures.candidats([a, b], exclus={("a--1", "b--1")}) == []


@pytest.mark.usefixtures("deux_sources")
def test_merge_moves_offers_keeps_both_provenances_and_redirects(app: Flask, tmp_path: Path):
    client = client_de(app, "anim62@exemple.org")
    liste = client.get("/curation/doublons/structures/?departement=62").text
    assert f"a={AUTRE}&amp;b={GARDE}" in liste or f"a={GARDE}&amp;b={AUTRE}" in liste, liste
    comparaison = client.get(f"/curation/doublons/structures/comparer?a={GARDE}&b={AUTRE}").text
    assert 'name="valeur_telephone" value="b"' in comparaison
    assert "Permanence emploi jeunes" in comparaison, "the offers that will move are shown"
    with app.app_context(), db.session_scope() as s:
        depart = max(s.exec(select(Changement.sequence)).all() or [0])

    reponse = fusionner(client, app, telephone="b", nom="a")
    assert reponse.status_code == 302 and reponse.location.endswith(f"/curation/structures/{GARDE}")
    page = client.get(reponse.location).text
    assert "Fusion faite" in html.unescape(page) and "Permanence emploi jeunes" in page

    with app.app_context(), db.session_scope() as s:
        gardee, absorbee = s.get(Structure, GARDE), s.get(Structure, AUTRE)
        assert gardee.telephone == "0321000000" and gardee.nom == "Mission locale de Lens"
        assert (absorbee.source, absorbee.source_id, absorbee.brut["id"]) == ("autre", "s1", AUTRE)
        assert s.get(Offer, "autre--o1").structure_id == GARDE
        assert s.get(Redirection, ("structure", AUTRE)).nouvel_id == GARDE
        notes = {m.objet_id: m.commentaire for m in s.exec(select(Modification).where(
            Modification.origine == "fusion"))}
        assert "source autre, identifiant s1" in notes[GARDE]
        assert f"Fusionnée dans {GARDE}" in notes[AUTRE]
        assert notes["autre--o1"] == f"Structure {AUTRE} fusionnée dans {GARDE}."
        journal = {(c.kind, c.record_id) for c in s.exec(select(Changement).where(
            col(Changement.sequence) > depart))}
    assert {("structure", GARDE), ("structure", AUTRE), ("offer", "autre--o1")} <= journal

    ancienne = client.get(f"/structures/{AUTRE}")
    assert ancienne.status_code == 301 and ancienne.location.endswith(f"/structures/{GARDE}")
    assert client.get(f"/curation/structures/{AUTRE}").status_code == 301
    api = client.get(f"/api/v1/structures/{AUTRE}")
    assert api.status_code == 308 and api.location.endswith(f"/api/v1/structures/{GARDE}")
    par_source = client.get("/api/v1/structures/autre/s1")
    assert par_source.status_code == 308 and par_source.location.endswith(GARDE)
    services = client.get(par_source.location).get_json()["services"]
    assert "autre--o1" in {x["id"] for x in services}

    with app.app_context(), db.session_scope() as s:
        exporter(s, tmp_path / "export")
    exportees = [x["id"] for x in json.loads((tmp_path / "export" / "structures.json").read_text())]
    assert GARDE in exportees and AUTRE not in exportees
    assert f"={AUTRE}" not in client.get("/curation/doublons/structures/?departement=62").text


@pytest.mark.usefixtures("deux_sources")
def test_reimporting_either_source_updates_the_kept_structure(app: Flask, engine: Any):
    admin = client_de(app, "admin@exemple.org")
    assert fusionner(admin, app, telephone="b").status_code == 302
    garde, autre = structures_lens()

    # the absorbed source, unchanged: nothing recreated, its offer stays with the kept structure
    rapport = importer_source(engine, "autre", [autre], services_autre())
    assert rapport.run["compteurs"]["unchanged"] == 2, rapport.resume()
    # ... then with a changed offer, a new offer and a new version of its structure
    nouvelle = {**services_autre()[0], "id": "autre--o2", "nom": "Atelier mobilité"}
    rapport = importer_source(engine, "autre", [{**autre, "telephone": "0321999999"}],
                              [*services_autre(description="Nouvelle description, plus précise."),
                               nouvelle])
    with app.app_context(), db.session_scope() as s:
        assert {o.id: o.structure_id for o in s.exec(select(Offer).where(
            col(Offer.source) == "autre"))} == {"autre--o1": GARDE, "autre--o2": GARDE}
        assert s.get(Offer, "autre--o1").description == "Nouvelle description, plus précise."
        assert s.get(Structure, AUTRE).telephone == "0321999999", "its provenance stays current"
        assert s.get(Structure, GARDE).telephone == "0321000000", "not applied without a person"
        [item] = s.exec(select(Revue).where(Revue.nature == moderation.SOURCE_FUSIONNEE)).all()
        assert item.objet_id == GARDE and item.proposee["telephone"] == "0321999999"
    exports = admin.get("/api/v1/structures").get_json()["items"]
    assert [x["id"] for x in exports] == [GARDE], "the absorbed structure never comes back"

    page = admin.get(f"/curation/structures/{GARDE}").text
    assert "Nouvelle version d&#39;une source fusionnée" in page
    assert poster(admin, f"/curation/structures/conflit/{item.id}",
                  {"garder": "amont"}).status_code == 302
    # the kept structure's own source, unchanged: nothing overwrites the merged values
    importer_source(engine, "test", [garde], [service(1, zone_eligibilite=["62498"]),
                                              service(2, zone_eligibilite=["62"])])
    with app.app_context(), db.session_scope() as s:
        gardee = s.get(Structure, GARDE)
        assert (gardee.telephone, gardee.source) == ("0321999999", "test")
        assert sorted(s.exec(select(Structure.id)).all()) == [AUTRE, GARDE], "nothing recreated"


@pytest.mark.usefixtures("deux_sources")
def test_bad_merge_requests_are_refused_in_french(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    meme = client.get(f"/curation/doublons/structures/comparer?a={GARDE}&b={GARDE}")
    assert meme.status_code == 400 and "deux fois la même" in html.unescape(meme.text)
    inconnue = client.get(f"/curation/doublons/structures/comparer?a={GARDE}&b=nulle--part")
    assert inconnue.status_code == 404 and "Aucune structure « nulle--part »" in html.unescape(
        inconnue.text)
    assert client.get("/curation/doublons/structures/comparer?a=").status_code == 400

    perimee = poster(client, "/curation/doublons/structures/fusionner", {
        "garde": GARDE, "autre": AUTRE, "empreinte_garde": "ancienne", "empreinte_autre": "x"},
        follow_redirects=True)
    assert "rien n'a été fusionné" in html.unescape(perimee.text)
    assert fusionner(client, app).status_code == 302
    deja = client.get(f"/curation/doublons/structures/comparer?a={GARDE}&b={AUTRE}")
    assert deja.status_code == 400 and f"déjà été fusionnée dans « {GARDE} »" in html.unescape(
        deja.text)
    with app.app_context(), db.session_scope() as s:
        assert len(s.exec(select(Redirection)).all()) == 1


@pytest.mark.usefixtures("deux_sources")
def test_command_line_lists_the_candidates(runner: Any):
    sortie = runner.invoke(args=["doublons", "structures", "--departement", "62"])
    assert sortie.exit_code == 0, sortie.output
    assert f"{GARDE}\t{AUTRE}\tMême SIRET" in sortie.output
    assert "1 paire de structures en double possibles dans le département 62." in sortie.output
    inconnu = runner.invoke(args=["doublons", "structures", "--departement", "999"])
    assert inconnu.exit_code != 0 and "Département inconnu « 999 »" in inconnu.output


@pytest.mark.usefixtures("deux_sources")
def test_not_a_duplicate_is_remembered(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    poster(client, "/curation/doublons/structures/distinctes", {"a": AUTRE, "b": GARDE,
                                                                 "departement": "62"})
    assert "Aucune structure en double probable" in client.get(
        "/curation/doublons/structures/?departement=62").text
