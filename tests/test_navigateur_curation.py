"""The animateur's paths in real headless Chromium: sign in, review and approve an import, edit
with a validation error, HTML typed in fields shown as text, merge two duplicates, resolve a
conflict, the coverage heat map of Pas-de-Calais. Screenshots go to tests/artefacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from catalogue.demo.generateur import generer_catalogue
from importers.base import importer
from importers.memoire import ImporterEnMemoire
from tests.curation_outils import MOT_DE_PASSE, compte
from tests.fabriques import service, structure
from tests.navigateur import capture, navigateur, serveur

pytestmark = pytest.mark.browser

OFFRE = "demo--emploi-62498-atelier-cv"


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    charger_demo(engine)
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as url:
        yield url


def _importer_a_revoir(engine: Any) -> None:
    """A new source file, imported in review mode (what `catalogue import` does by default)."""
    structures = [structure(1, nom="Maison de l'emploi de Lens", code_insee="62498")]
    services = [service(1, nom="Atelier numérique pour les démarches", zone_eligibilite=["62498"]),
                service(2, nom="Permanence mobilité", zone_eligibilite=["62498"],
                        thematiques=["mobilite--etre-accompagne-dans-son-parcours-mobilite"])]
    importer(ImporterEnMemoire("nouvelle-source.json", structures, services), engine, revue=True)


def _se_connecter(page: Any, site: str, suite: str = "") -> None:
    page.goto(site + "/curation/connexion" + (f"?suite={suite}" if suite else ""))
    page.fill("#courriel", "anim62@exemple.org")
    page.fill("#mot_de_passe", MOT_DE_PASSE)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")


def test_sign_in_review_and_approve_an_import(site: str, engine: Any):
    _importer_a_revoir(engine)
    with navigateur() as page:
        page.goto(site + "/curation/revue/")
        assert "/curation/connexion" in page.url, "the workspace needs an account"
        page.fill("#courriel", "anim62@exemple.org")
        page.fill("#mot_de_passe", "mauvais mot de passe")
        page.click("main button[type=submit]")
        assert "Courriel ou mot de passe incorrect." in page.inner_text("[role=alert]")
        page.fill("#mot_de_passe", MOT_DE_PASSE)
        capture(page, "curation-connexion")
        page.click("main button[type=submit]")
        page.wait_for_selector("h1")
        assert page.inner_text("h1") == "File de revue"
        assert "Atelier numérique pour les démarches" in page.inner_text("main")
        capture(page, "curation-file-de-revue")
        page.click("text=Atelier numérique pour les démarches")
        page.wait_for_selector("text=Approuver et publier")
        capture(page, "curation-revue-nouvelle-offre")
        page.click("text=Approuver et publier")
        page.wait_for_selector("[role=status]")
        assert "approuvé et publié" in page.inner_text("[role=status]")
        page.click("text=Tout approuver (sauf conflits)")
        page.wait_for_selector("[role=status]")
        assert "1 élément approuvé" in page.inner_text("[role=status]")
        assert "la file est vide" in page.inner_text("main")
        page.goto(site + "/recherche?commune=62498&q=permanence+mobilite")
        assert "Permanence mobilité" in page.inner_text("main"), "published: référents see it"


def test_edit_with_a_validation_error_then_save(site: str):
    with navigateur() as page:
        _se_connecter(page, site, f"/curation/offres/{OFFRE}/modifier")
        page.fill("#nom", "CV")
        page.fill("#volume_horaire_hebdomadaire", "beaucoup")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("#resume-erreurs")
        assert "Entre 3 et 150 caractères attendus." in page.inner_text("#erreur-nom")
        assert "Nombre attendu" in page.inner_text("#erreur-volume_horaire_hebdomadaire")
        assert page.get_attribute("#nom", "aria-invalid") == "true"
        assert "erreur-nom" in (page.get_attribute("#nom", "aria-describedby") or "")
        assert page.input_value("#volume_horaire_hebdomadaire") == "beaucoup", "typed value kept"
        capture(page, "curation-formulaire-erreurs")
        page.fill("#nom", "Atelier CV et lettre")
        page.fill("#volume_horaire_hebdomadaire", "2,5")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("text=Offre enregistrée.")
        historique = page.inner_text("#t-historique + ol")
        assert "Modification à la main" in historique and "2 h 30" in historique
        capture(page, "curation-offre-historique")


def test_html_typed_in_text_fields_is_shown_never_run(site: str):
    piege_contact = '<img src=x onerror="window.__xss=1">Karim'
    piege_adresse = '<script>window.__xss=2</script>1 rue du Lien'
    with navigateur() as page:
        _se_connecter(page, site, f"/curation/offres/{OFFRE}/modifier")
        page.fill("#contact_nom_prenom", piege_contact)
        page.fill("#adresse", piege_adresse)
        page.fill("#description", "<b>Atelier</b> " + "x" * 20 + "<script>window.__xss=3</script>")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("text=Offre enregistrée.")
        for url in (f"/curation/offres/{OFFRE}", f"/offres/{OFFRE}",
                    f"/curation/offres/{OFFRE}/modifier"):
            page.goto(site + url)
            assert page.evaluate("window.__xss") is None, url
        page.goto(site + f"/offres/{OFFRE}")
        texte = page.inner_text("main")
        # plain text only in every text field (tests/test_securite.py, point 8): the tags are
        # taken out, what was written between them stays
        assert "Karim" in texte and "1 rue du Lien" in texte and "<img" not in texte
        capture(page, "curation-xss-affiche-comme-texte")


def test_merge_two_duplicates(site: str, engine: Any):
    catalogue = generer_catalogue()
    base = next(s for s in catalogue["services"] if s["id"] == OFFRE)
    copie_structure = {**next(s for s in catalogue["structures"]
                              if s["id"] == base["structure_id"]),
                       "source": "dora", "id": "dora--espace-emploi-lens",
                       "nom": "Espace Emploi - Lens"}
    copie = {**base, "source": "dora", "id": "dora--atelier-cv-lens",
             "structure_id": "dora--espace-emploi-lens", "nom": "Atelier CV & lettre de motivation",
             "telephone": "01 99 00 82 99"}
    importer(ImporterEnMemoire("dora.json", [copie_structure], [copie],
                               statut_initial="publiee"), engine)
    with navigateur() as page:
        _se_connecter(page, site, "/curation/doublons/")
        ligne = page.locator("tr", has_text="Atelier CV & lettre de motivation").first
        ligne.locator("text=Comparer").click()
        page.wait_for_selector("text=Fusionner B dans A")
        page.check("input[name=prendre][value=telephone]")
        capture(page, "curation-doublons-comparaison")
        page.click("text=Fusionner B dans A")
        page.wait_for_selector("[role=status]")
        assert "Fusion faite" in page.inner_text("[role=status]")
        assert "Fusion de doublons" in page.inner_text("#t-historique + ol")
        capture(page, "curation-doublons-fusion")
        page.goto(site + "/offres/dora--atelier-cv-lens")
        assert page.url.endswith(f"/offres/{OFFRE}"), "the old address leads to the kept offer"
        assert "01 99 00 82 99" in page.inner_text("main")


def test_conflict_between_a_hand_edit_and_a_reimport(site: str, engine: Any):
    with navigateur() as page:
        _se_connecter(page, site, f"/curation/offres/{OFFRE}/modifier")
        page.fill("#volume_horaire_hebdomadaire", "4,5")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("text=Offre enregistrée.")
        catalogue = generer_catalogue()
        amont = [{**s, "volume_horaire_hebdomadaire": 6, "nom": "Atelier CV (nouvelle formule)"}
                 for s in catalogue["services"] if s["id"] == OFFRE]
        importer(ImporterEnMemoire("source.json", catalogue["structures"], amont), engine)
        page.goto(site + "/curation/revue/?nature=conflit")
        page.click("text=Examiner")
        page.wait_for_selector("text=Nouvelle version de la source")
        page.check("input[name=choix-nom][value=amont]")
        capture(page, "curation-conflit-trois-versions")
        page.click("text=Enregistrer la fusion")
        page.wait_for_selector("[role=status]")
        assert page.inner_text("h1") == "Atelier CV (nouvelle formule)"
        assert "4 h 30" in page.inner_text("main"), "the hand-edited hours are kept"


def test_coverage_heat_map_of_pas_de_calais(site: str):
    with navigateur() as page:
        _se_connecter(page, site, "/curation/couverture/?departement=62")
        assert page.locator("figure.carte-chaleur svg").is_visible()
        assert "Couverture par frein — Pas-de-Calais (62)" in page.inner_text("h1")
        capture(page, "curation-couverture-62")
        page.select_option("#portee", "proximite")
        page.click("form.choix-departement button")
        page.wait_for_selector("#t-vides")
        vides = page.inner_text("#t-vides + ul")
        assert "CC du Ternois — Parentalité (garde d'enfants)" in vides
        capture(page, "curation-couverture-62-proximite")
        with page.expect_download() as telechargement:
            page.click("text=Télécharger le tableau (CSV)")
        chemin = Path(telechargement.value.path())
        assert "Parentalité (garde d'enfants)" in chemin.read_text(encoding="utf-8-sig")
