"""The review queue: imports reviewed and published, upstream changes pre-moderated, conflicts
between a hand edit and a re-import resolved field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from catalogue import db
from catalogue.curation import formulaires
from catalogue.curation.historique import enregistrement
from catalogue.demo.generateur import generer_catalogue
from catalogue.models import Modification, Offer, Revue, Statut, Structure, SuiviCuration
from importers.base import Rapport, importer
from importers.memoire import ImporterEnMemoire
from tests.curation_outils import client_de, comptes, demo, poster  # noqa: F401 - fixtures
from tests.fabriques import ecrire_json, service, structure

OFFRE = "demo--emploi-62498-atelier-cv"


def importer_modifie(app: Flask, modifs: dict[str, dict[str, Any]], revue: bool = True,
                     dry_run: bool = False) -> Rapport:
    """Re-import some demo services with changes, as a source would send them."""
    catalogue = generer_catalogue()
    services = [{**s, **modifs[s["id"]]} for s in catalogue["services"] if s["id"] in modifs]
    importeur = ImporterEnMemoire("source-maj", catalogue["structures"], services)
    return importer(importeur, app.extensions["catalogue.engine"], revue=revue, dry_run=dry_run)


def _offre(app: Flask, ident: str = OFFRE) -> Offer:
    with app.app_context(), db.session_scope() as s:
        o = s.get(Offer, ident)
        assert o is not None
        return o


def _items(app: Flask, **filtres: Any) -> list[Revue]:
    with app.app_context(), db.session_scope() as s:
        requete = select(Revue)
        for cle, valeur in filtres.items():
            requete = requete.where(getattr(Revue, cle) == valeur)
        return list(s.exec(requete.order_by(Revue.id)).all())


def _recherche(client: Any, ident: str, commune: str = "62498") -> bool:
    contenu = client.get(f"/api/v1/search/services?commune={commune}&par_page=100").get_json()
    return ident in {i["service"]["id"] for i in contenu["items"]}


# ------------------------------------------------------------------------------------------------
# New offers from an import


def _fichier(tmp_path: Path) -> Path:
    return ecrire_json(tmp_path / "nouveau.json", {
        "structures": [structure(1, code_insee="62498")],
        "services": [service(1), service(2, nom="Permanence emploi"),
                     service(3, nom="Atelier numérique", zone_eligibilite=["62041"])]})


def test_cli_import_waits_for_review_unless_publier(app: Flask, runner: Any, tmp_path: Path):
    resultat = runner.invoke(args=["import", str(_fichier(tmp_path))])
    assert resultat.exit_code == 0 and "4 créés" in resultat.output, resultat.output
    assert {_offre(app, f"test--o{n}").statut for n in (1, 2, 3)} == {"brouillon"}
    assert [i.nature for i in _items(app)] == ["nouvelle"] * 3
    resultat = runner.invoke(args=["export", "--to", str(tmp_path / "out")])
    assert "0 service écrit" in resultat.output, "drafts are not exported"
    publie = tmp_path / "publie.json"
    publie.write_text(json.dumps({"structures": [structure(2)], "services": [
        service(9, structure_n=2)]}), encoding="utf-8")
    assert runner.invoke(args=["import", "--publier", str(publie)]).exit_code == 0
    assert _offre(app, "test--o9").statut == "publiee"


@pytest.mark.usefixtures("comptes")
def test_an_import_reviewed_and_published_from_the_queue(app: Flask, runner: Any, tmp_path: Path):
    runner.invoke(args=["import", str(_fichier(tmp_path))])
    client = client_de(app, "anim62@exemple.org")
    assert not _recherche(client, "test--o1"), "a draft is not shown to référents"

    file = client.get("/curation/revue/").text
    assert "Atelier numéro 1" in file and "Tout approuver" in file
    item = _items(app, objet_id="test--o1")[0]
    detail = client.get(f"/curation/revue/{item.id}").text
    assert "Approuver et publier" in detail and "Un atelier collectif" in detail

    reponse = poster(client, f"/curation/revue/{item.id}/approuver")
    assert reponse.status_code == 302
    assert _offre(app, "test--o1").statut == "publiee"
    assert _recherche(client, "test--o1"), "the index follows the approval"

    refus = poster(client, f"/curation/revue/{_items(app, objet_id='test--o2')[0].id}/rejeter",
                   {"motif": ""})
    assert refus.status_code == 400 and "Indiquez le motif du rejet." in refus.text
    poster(client, f"/curation/revue/{_items(app, objet_id='test--o2')[0].id}/rejeter",
           {"motif": "Offre fermée depuis janvier"})
    assert _offre(app, "test--o2").statut == "archivee"

    poster(client, f"/curation/revue/run/{item.run_id}/approuver")
    assert _offre(app, "test--o3").statut == "publiee", "bulk approval of the run"
    assert not _items(app, statut="en-attente")
    page = client.get("/curation/offres/test--o2").text
    assert "Offre fermée depuis janvier" in page and "Rejet en revue" in page


# ------------------------------------------------------------------------------------------------
# Upstream changes to published offers


@pytest.mark.usefixtures("demo", "comptes")
def test_an_upstream_change_waits_then_is_applied(app: Flask):
    rapport = importer_modifie(app, {OFFRE: {"nom": "Atelier CV express",
                                             "volume_horaire_hebdomadaire": 6}})
    assert [i.status for i in rapport.items if i.kind == "service"] == ["pending"]
    assert "1 en attente de revue" in rapport.resume()
    assert _offre(app).nom == "Atelier CV et lettre de motivation", "not applied yet"
    assert importer_modifie(app, {OFFRE: {"nom": "Atelier CV express",
                                          "volume_horaire_hebdomadaire": 6}}).items[-1].status \
        == "unchanged", "the same upstream version is queued once"
    [item] = _items(app, nature="modification")

    client = client_de(app, "anim62@exemple.org")
    detail = client.get(f"/curation/revue/{item.id}").text
    assert "Publié aujourd'hui" in detail and "Atelier CV express" in detail
    assert "6 h par semaine" in detail and "3 h par semaine" in detail

    poster(client, f"/curation/revue/{item.id}/approuver")
    offre = _offre(app)
    assert (offre.nom, offre.volume_horaire_hebdomadaire) == ("Atelier CV express", 6)
    assert _recherche(client, OFFRE)
    with app.app_context(), db.session_scope() as s:
        m = s.exec(select(Modification).where(Modification.origine == "approbation")).one()
    assert m.run_id == item.run_id and m.changements["nom"] == {
        "avant": "Atelier CV et lettre de motivation", "apres": "Atelier CV express"}
    assert importer_modifie(app, {OFFRE: {"nom": "Atelier CV express",
                                          "volume_horaire_hebdomadaire": 6}}).items[-1].status \
        == "unchanged"


@pytest.mark.usefixtures("demo", "comptes")
def test_a_rejected_change_does_not_come_back(app: Flask):
    importer_modifie(app, {OFFRE: {"telephone": "01 99 00 00 01"}})
    [item] = _items(app)
    poster(client_de(app, "anim62@exemple.org"), f"/curation/revue/{item.id}/rejeter",
           {"motif": "Numéro erroné"})
    assert _offre(app).telephone != "01 99 00 00 01"
    again = importer_modifie(app, {OFFRE: {"telephone": "01 99 00 00 01"}})
    assert again.items[-1].status == "unchanged"
    autre = importer_modifie(app, {OFFRE: {"telephone": "01 99 00 00 02"}})
    assert autre.items[-1].status == "pending", "a new upstream version is queued again"


@pytest.mark.usefixtures("demo")
def test_trusted_runs_apply_changes_and_record_them(app: Flask):
    rapport = importer_modifie(app, {OFFRE: {"nombre_semaines": 5}}, revue=False)
    assert rapport.items[-1].status == "updated"
    assert _offre(app).nombre_semaines == 5
    with app.app_context(), db.session_scope() as s:
        m = s.exec(select(Modification).where(Modification.objet_id == OFFRE,
                                              Modification.origine == "import")).one()
    assert m.changements == {"nombre_semaines": {"avant": 2, "apres": 5}}
    assert m.run_id == rapport.run["id"] and m.auteur_id is None


@pytest.mark.usefixtures("demo")
def test_dry_run_tells_what_would_wait(app: Flask):
    rapport = importer_modifie(app, {OFFRE: {"nombre_semaines": 5}}, dry_run=True)
    assert rapport.items[-1].status == "pending"
    assert not _items(app) and _offre(app).nombre_semaines == 2


# ------------------------------------------------------------------------------------------------
# Conflicts: a hand edit meets a re-import


def _editer(client: Any, app: Flask, **champs: Any) -> Any:
    """Post the edit form as a browser would: every field as shown, then the changes."""
    assert client.get(f"/curation/offres/{OFFRE}/modifier").status_code == 200
    return poster(client, f"/curation/offres/{OFFRE}/modifier", {**formulaire(app, OFFRE),
                                                                  **champs})


def formulaire(app: Flask, ident: str) -> dict[str, Any]:
    o = _offre(app, ident)
    valeurs = formulaires.valeurs(enregistrement(o, "offre"))
    donnees = {c.nom: valeurs.get(c.nom) if valeurs.get(c.nom) is not None else ""
               for c in formulaires.champs(formulaires.SECTIONS_OFFRE)}
    return {**donnees, "version": o.version}


@pytest.mark.usefixtures("demo", "comptes")
def test_a_conflict_between_a_hand_edit_and_a_reimport_is_resolved(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    assert _editer(client, app, volume_horaire_hebdomadaire="4,5",
                   contact_nom_prenom="Nadia Martin").status_code == 302
    edite = _offre(app)
    assert (edite.volume_horaire_hebdomadaire, edite.contact_nom_prenom) == (4.5, "Nadia Martin")

    # the source changes the hours and the name: even a trusted run must not overwrite
    rapport = importer_modifie(app, {OFFRE: {"volume_horaire_hebdomadaire": 6,
                                             "nom": "Atelier CV et lettre"}}, revue=False)
    assert rapport.items[-1].status == "pending"
    assert _offre(app).volume_horaire_hebdomadaire == 4.5, "the hand edit is kept"
    [item] = _items(app, nature="conflit")
    assert item.importee["volume_horaire_hebdomadaire"] == 3
    assert item.avant["volume_horaire_hebdomadaire"] == 4.5
    assert item.proposee["volume_horaire_hebdomadaire"] == 6

    page = client.get(f"/curation/revue/{item.id}").text
    for titre in ("Dernière version importée", "Modifiée à la main", "Nouvelle version de la source"):
        assert titre in page
    assert 'name="choix-nom"' in page and 'name="choix-volume_horaire_hebdomadaire"' in page

    reponse = poster(client, f"/curation/revue/{item.id}/conflit", {
        "version": _offre(app).version, "choix-nom": "amont",
        "choix-volume_horaire_hebdomadaire": "locale", "choix-contact_nom_prenom": "locale"})
    assert reponse.status_code == 302, reponse.text
    fusion = _offre(app)
    assert (fusion.nom, fusion.volume_horaire_hebdomadaire, fusion.contact_nom_prenom) == (
        "Atelier CV et lettre", 4.5, "Nadia Martin")
    again = importer_modifie(app, {OFFRE: {"volume_horaire_hebdomadaire": 6,
                                           "nom": "Atelier CV et lettre"}}, revue=False)
    assert again.items[-1].status == "unchanged", "the resolved upstream version is known"
    historique = client.get(f"/curation/offres/{OFFRE}").text
    assert "Conflit résolu" in historique and "Modification à la main" in historique

    suivante = importer_modifie(app, {OFFRE: {"volume_horaire_hebdomadaire": 7}}, revue=False)
    assert suivante.items[-1].status == "pending", "still hand-edited: the next change waits too"


@pytest.mark.usefixtures("demo", "comptes")
def test_taking_every_upstream_field_ends_the_hand_edit(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    _editer(client, app, nombre_semaines="8")
    importer_modifie(app, {OFFRE: {"nombre_semaines": 3}}, revue=False)
    [item] = _items(app, nature="conflit")
    poster(client, f"/curation/revue/{item.id}/conflit", {"version": _offre(app).version,
                                                          "choix-nombre_semaines": "amont"})
    assert _offre(app).nombre_semaines == 3
    with app.app_context(), db.session_scope() as s:
        assert s.get(SuiviCuration, ("offre", OFFRE)).edite_le is None
    assert importer_modifie(app, {OFFRE: {"nombre_semaines": 4}}, revue=False
                            ).items[-1].status == "updated"


@pytest.mark.usefixtures("demo", "comptes")
def test_a_hand_edited_structure_is_not_overwritten(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    reponse = poster(client, "/curation/structures/demo--emploi-62498/modifier", {
        "version": _structure(app).empreinte, "nom": "Espace emploi de Lens", "commune": "62498",
        "telephone": "01 99 00 82 01"})
    assert reponse.status_code == 302, reponse.text
    catalogue = generer_catalogue()
    structures = [{**s, "courriel": "nouveau@exemple.org"} for s in catalogue["structures"]
                  if s["id"] == "demo--emploi-62498"]
    rapport = importer(ImporterEnMemoire("s", structures, []), app.extensions["catalogue.engine"])
    assert rapport.items[0].status == "pending"
    assert _structure(app).telephone == "01 99 00 82 01"
    [item] = _items(app, objet="structure")
    assert item.nature == "conflit"
    assert "Structures à relire" in client.get("/curation/revue/").text
    page = client.get("/curation/structures/demo--emploi-62498").text
    assert "la source propose une autre version" in page and "nouveau@exemple.org" in page
    poster(client, f"/curation/structures/conflit/{item.id}", {"garder": "locale"})
    assert _structure(app).telephone == "01 99 00 82 01"
    again = importer(ImporterEnMemoire("s", structures, []), app.extensions["catalogue.engine"])
    assert again.items[0].status == "unchanged", "the source's version is now known"
    autre = [{**structures[0], "courriel": "encore@exemple.org"}]
    importer(ImporterEnMemoire("s", autre, []), app.extensions["catalogue.engine"])
    [item] = _items(app, objet="structure", statut="en-attente")
    poster(client, f"/curation/structures/conflit/{item.id}", {"garder": "amont"})
    assert _structure(app).courriel == "encore@exemple.org"


def _structure(app: Flask) -> Structure:
    with app.app_context(), db.session_scope() as s:
        st = s.get(Structure, "demo--emploi-62498")
        assert st is not None
        return st


def test_statut_enum_is_what_the_pages_use():
    assert Statut.BROUILLON.value == "brouillon"
