"""The coverage page in a real browser: the map of one frein (choropleth of the EPCI, then of the
communes of one EPCI) used with the keyboard only, and screenshots on a desktop and a 390 px phone,
kept in docs/captures/ (issue 18's « must show »)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from catalogue.referentiels import territoires
from tests.curation_outils import MOT_DE_PASSE, compte
from tests.navigateur import capture_docs, navigateur, serveur

pytestmark = pytest.mark.browser

_DANS_LA_CARTE = "document.activeElement.closest('svg.choroplethe') !== null"


def _se_connecter(page: Any, site: str, suite: str) -> None:
    page.goto(f"{site}/curation/connexion?suite={suite}")
    page.fill("#courriel", "anim62@exemple.org")
    page.fill("#mot_de_passe", MOT_DE_PASSE)
    page.click("main button[type=submit]")


@pytest.mark.parametrize(("nom", "viewport"), [("bureau", None),
                                               ("telephone", {"width": 390, "height": 844})])
def test_coverage_page_screenshots(app: Flask, engine: Any, nom: str, viewport: Any):
    charger_demo(engine)
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as site, navigateur(viewport=viewport) as page:
        _se_connecter(page, site, "/curation/couverture/?departement=62%26frein=parentalite")
        page.wait_for_selector("figure.carte-choroplethe svg")
        assert "Pas-de-Calais (62)" in page.inner_text("h1")
        largeur = page.evaluate("document.documentElement.scrollWidth")
        assert largeur <= (viewport or {"width": 1280})["width"], "the page does not scroll sideways"
        page.locator("#t-carte").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('t-carte').scrollIntoView()")
        capture_docs(page, f"couverture-carte-{nom}", pleine_page=False)
        page.locator("figure.carte-chaleur").scroll_into_view_if_needed()
        capture_docs(page, f"couverture-{nom}", pleine_page=False)


def test_map_with_the_keyboard(app: Flask, engine: Any):
    """Choose a frein, reach a shape of the map with Tab, open its communes with Enter."""
    charger_demo(engine)
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as site, navigateur() as page:
        _se_connecter(page, site, "/curation/couverture/?departement=62")
        page.wait_for_selector("figure.carte-choroplethe svg")
        page.focus("#frein")
        page.select_option("#frein", "sante")
        page.focus("form.choix-departement button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url("**frein=sante**")
        assert page.inner_text("#t-carte") == "Carte : Santé"
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate(_DANS_LA_CARTE):
                break
        assert page.evaluate(_DANS_LA_CARTE), "a shape of the map takes the focus"
        code = page.evaluate("document.activeElement.dataset.code")
        titre = page.evaluate("document.activeElement.querySelector('title').textContent")
        assert titre.startswith(f"{territoires.epci(code).nom} — Santé : ")
        trait = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
        assert float(trait.removesuffix("px")) >= 2.5, "the focused shape is outlined"
        page.keyboard.press("Enter")
        page.wait_for_url(f"**epci={code}**")
        formes = page.locator("svg.choroplethe [data-code]")
        communes = [c for c in territoires.communes_de_epci(code) if c.departement == "62"]
        assert formes.count() == len(communes)
        assert "Choisir une commune sur la carte ouvre la recherche" in page.inner_text("figcaption")
        assert page.locator("svg.choroplethe a").first.get_attribute("href").startswith(
            "/recherche?code_commune=")
