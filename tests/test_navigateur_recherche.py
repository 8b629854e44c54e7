"""The référent's core path in real headless Chromium: search by commune and freins from the home
page, open an offer, and the same with the keyboard only and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from tests.navigateur import capture, navigateur, serveur

pytestmark = pytest.mark.browser


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    charger_demo(engine)
    with serveur(app) as url:
        yield url


def test_search_lens_with_freins_then_open_an_offer(site: str):
    with navigateur() as page:
        page.goto(site + "/")
        capture(page, "recherche-accueil")
        page.fill("#commune", "Lens")
        page.check("input[name=freins][value=mobilite]")
        page.check("input[name=freins][value=parentalite]")
        page.click("button[type=submit]")
        page.wait_for_selector("h1")
        titre = page.inner_text("h1")
        assert "pour une personne de Lens (62)" in titre
        capture(page, "recherche-lens-mobilite-parentalite")
        resultats = page.locator("ol.resultats > li")
        assert resultats.count() > 0
        assert "Lève" in resultats.first.inner_text()
        resultats.first.locator("h3 a").click()
        page.wait_for_selector("article.fiche")
        assert "Temps d'activité" in page.inner_text("article.fiche")
        capture(page, "offre")


def test_keyboard_only_and_without_javascript(site: str):
    with navigateur(javascript=False) as page:
        page.goto(site + "/")
        page.keyboard.press("Tab")  # skip link first
        assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
        page.focus("#commune")
        page.keyboard.type("62300")  # Lens and Éleu-dit-Leauwette share it: choose
        page.keyboard.press("Tab")
        page.keyboard.type("atelier")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # first frein checkbox: Mobilité
        page.keyboard.press("Enter")
        page.wait_for_selector("[role=alert]")
        assert "plusieurs communes" in page.inner_text("[role=alert]")
        capture(page, "recherche-code-postal-ambigu")
        page.focus("[role=alert] a >> text=Lens")
        page.keyboard.press("Enter")
        page.wait_for_selector("h1")
        assert "Lens" in page.inner_text("h1")
        assert "freins=mobilite" in page.url, "the state is in the query string"
        capture(page, "recherche-clavier-sans-js")


def test_unknown_commune_says_so_in_french(site: str):
    with navigateur() as page:
        reponse = page.goto(site + "/recherche?lieu=Atlantide")
        assert reponse is not None and reponse.status == 400
        assert "commune introuvable" in page.inner_text("[role=alert]")
