"""The référent's programme day in real Chromium (issue 18): the commune typed as in the search
(point 7), the week grid readable on a 390 px phone and printable (point 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from tests.navigateur import capture, capture_docs, navigateur, serveur

pytestmark = pytest.mark.browser

TELEPHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    charger_demo(engine)
    with serveur(app) as url:
        yield url


def _remplir(page: Any, site: str, commune: str) -> None:
    page.goto(site + "/programmes/nouveau")
    page.fill("#libelle", "Parcours D.")
    page.fill("#commune", commune)
    page.fill("#debut", "2027-01-04")
    page.fill("#nombre_semaines", "8")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_commune_is_typed_by_name_or_chosen_when_a_postal_code_is_shared(site: str,
                                                                           javascript: bool):
    with navigateur(javascript=javascript) as page:
        _remplir(page, site, "Lens")
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("#semaines")
        assert "Lens (62)" in page.inner_text("dl.details")

        _remplir(page, site, "62300")  # Lens and Éleu-dit-Leauwette
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("[role=alert]")
        assert "plusieurs communes correspondent à « 62300 »" in page.inner_text("main")
        assert page.evaluate("document.activeElement.id") == "resume-erreurs", "focus on the summary"
        capture(page, f"programme-commune-ambigue-js-{javascript}")
        page.check("input[name=commune_code][value='62498']")
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("#semaines")
        assert "Lens (62)" in page.inner_text("dl.details")

        page.click("text=Modifier")
        assert page.input_value("#commune") == "Lens (62)", "the form shows the name, not the code"

        _remplir(page, site, "Atlantide")
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("[role=alert]")
        assert "commune introuvable « Atlantide »" in page.inner_text("main")


@pytest.fixture
def exemple(app: Flask, engine: Any, site: str) -> str:
    """The demo « objectif 15 h » programme, starting on Monday 26 April 2027."""
    from catalogue.programmes.demo import charger_programmes_demo

    ids = charger_programmes_demo(engine, dt.date(2027, 4, 26))
    return f"{site}/programmes/{ids[0]}"


def test_the_week_grid_is_a_list_by_day_on_a_phone(exemple: str):
    with navigateur(viewport=TELEPHONE) as page:
        page.goto(exemple)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll"
        assert not page.locator("table.grille-semaine").is_visible()
        liste = page.locator("ol.jours-liste")
        assert liste.is_visible()
        lundi = liste.locator("> li").first.inner_text()
        assert lundi.startswith("Lundi 5 h") and "9 h 30 – 12 h 30 Premiers pas" in lundi
        page.locator("#semaine-type").scroll_into_view_if_needed()
        capture_docs(page, "semaine-telephone", pleine_page=False)


def test_the_week_grid_on_a_desktop_and_printed(exemple: str):
    with navigateur() as page:
        page.goto(exemple + "?semaine=5#semaine-type")
        assert page.locator("table.grille-semaine").is_visible()
        assert not page.locator("ol.jours-liste").is_visible()
        assert "Semaine 5" in page.inner_text("#semaine-type")
        capture_docs(page, "semaine-bureau", pleine_page=False)
        page.emulate_media(media="print")
        assert page.locator("table.grille-semaine").is_visible()
        assert not page.locator("header.entete").is_visible()
        assert not page.locator("form#ajouter, #ajouter").first.is_visible()
        capture(page, "semaine-impression")


def test_the_weeks_of_may_show_holidays_and_why(app: Flask, engine: Any, exemple: str):
    """The demo programme from Monday 26 April 2027 in Lens (zone B): the computer workshop stops in
    school holidays (its offer says `SH off`), the community garden on public holidays (`PH off`)."""
    from sqlmodel import Session

    from catalogue.models import Offer

    with Session(engine) as s:
        atelier = s.get(Offer, "demo--numerique-62510-premiers-pas-ordinateur")
        assert atelier is not None
        atelier.horaires_accueil = "Mo 09:30-12:30; PH off; SH off"
        s.add(atelier)
        s.commit()
    with navigateur() as page:
        page.goto(exemple + "#semaines")
        lignes = page.locator("table.tableau--semaines tbody tr")
        texte = [lignes.nth(i).inner_text() for i in range(4)]
        assert "12 h" in texte[0] and "Vacances de printemps (zone B)" in texte[0]
        assert "12 h" in texte[1] and "Ascension (férié)" in texte[1]
        assert "15 h" in texte[2]
        assert "Lundi de Pentecôte (férié)" in texte[3]
        page.locator("table.tableau--semaines").scroll_into_view_if_needed()
        capture_docs(page, "semaines-mai-vacances", pleine_page=False)


def test_pick_an_offer_by_words_hours_in_french_slots_outside_unavailability(site: str):
    """Point 11: no raw identifier field, a search picker; the opening hours read as a sentence;
    the pre-filled slots leave out the person's unavailable times (weekdays 11:30-13:30)."""
    with navigateur(javascript=False) as page:
        _remplir(page, site, "Lens")
        page.fill("#indisponibilites", "lundi-vendredi 11:30-13:30")
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("#ajouter")
        assert page.locator("input[type=text]#offer_id").count() == 0, "no raw identifier field"
        page.fill("#chercher", "ordinateur")
        page.click("form[role=search] button[type=submit]")
        page.click("ul.choix-offre a >> text=Premiers pas sur l'ordinateur")
        page.wait_for_selector("#creneaux")
        encart = page.inner_text("#ajouter ~ p.encart")
        assert "accueil : le lundi, 9 h 30–12 h 30 ; fermé les jours fériés" in encart, encart
        assert page.input_value("#creneaux") == "lundi 09:30-11:30", "not during 11:30-13:30"
        capture(page, "programme-choix-offre")
        page.click("text=Ajouter l'offre")
        page.wait_for_selector("#activite-1")
        assert "accueil le lundi, 9 h 30–12 h 30" in page.inner_text("#activite-1")
