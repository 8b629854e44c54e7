"""What a new référent tripped on in the search pages (issue 18, points 1-3), in real headless
Chromium: paging keeps every repeated filter, « Modifier la recherche » keeps the freins, and on a
390 px phone the facets fold behind a button (with and without JavaScript) so results come first."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from tests.navigateur import capture, capture_docs, navigateur, serveur

pytestmark = pytest.mark.browser

TELEPHONE = {"width": 390, "height": 844}
#: four freins in Lens: more than one page of results (31 on the demo catalogue)
FREINS = ["sante", "logement", "numerique", "mobilite"]


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    charger_demo(engine)
    with serveur(app) as url:
        yield url


def test_next_page_keeps_every_repeated_filter(site: str):
    with navigateur() as page:
        page.goto(site + "/recherche?lieu=Lens&" + "&".join(f"freins={f}" for f in FREINS))
        premiere = page.inner_text("h1")
        assert "Page 1 sur" in page.inner_text("nav.pagination"), "enough results to page"
        page.click("a[rel=next]")
        page.wait_for_selector("nav.pagination")
        assert page.inner_text("h1") == premiere, "same search, same total on page 2"
        assert "Page 2 sur" in page.inner_text("nav.pagination")
        assert parse_qs(urlsplit(page.url).query)["freins"] == FREINS
        page.click("a[rel=prev]")
        page.wait_for_selector("nav.pagination")
        assert "Page 1 sur" in page.inner_text("nav.pagination")
        assert parse_qs(urlsplit(page.url).query)["freins"] == FREINS


def test_modify_search_shows_the_freins_and_keeps_them(site: str):
    with navigateur() as page:
        page.goto(site + "/recherche?lieu=Lens&freins=mobilite&freins=parentalite&publics=jeunes")
        page.click("summary >> text=Modifier la recherche")
        cases = page.locator("form.recherche input[name=freins]")
        assert cases.count() >= 8, "every frein has its box"
        coches = page.locator("form.recherche input[name=freins]:checked")
        assert sorted(coches.evaluate_all("l => l.map(e => e.value)")) == ["mobilite", "parentalite"]
        page.fill("#commune", "Liévin")
        page.click("form.recherche button[type=submit]")
        page.wait_for_selector("h1")
        assert "Liévin" in page.inner_text("h1")
        parametres = parse_qs(urlsplit(page.url).query)
        assert parametres["freins"] == ["mobilite", "parentalite"]
        assert parametres["publics"] == ["jeunes"], "the facet filters are carried too"


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_shows_results_first_and_folds_the_facets(site: str, javascript: bool):
    with navigateur(javascript=javascript, viewport=TELEPHONE) as page:
        page.goto(site + "/recherche?lieu=Lens&freins=mobilite")
        premier = page.locator("ol.resultats > li").first.bounding_box()
        assert premier is not None and premier["y"] < 600, f"first result at {premier}"
        assert not page.locator(".facettes fieldset").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll"
        if javascript:
            capture_docs(page, "recherche-telephone", pleine_page=False)
        page.click(".facettes > summary")
        assert page.locator(".facettes fieldset").first.is_visible()
        page.check(".facettes input[name=freins][value=parentalite]")
        page.click(".facettes button[type=submit]")
        page.wait_for_selector("h1")
        assert parse_qs(urlsplit(page.url).query)["freins"] == ["mobilite", "parentalite"]
        capture(page, f"recherche-telephone-filtre-js-{javascript}")


def test_desktop_shows_the_facets_open_beside_the_results(site: str):
    with navigateur() as page:
        page.goto(site + "/recherche?lieu=Lens&freins=mobilite")
        assert page.locator(".facettes fieldset").first.is_visible()
        assert not page.locator(".facettes > summary").is_visible()
        facettes = page.locator(".facettes").bounding_box()
        liste = page.locator("section.liste").bounding_box()
        assert facettes and liste and facettes["x"] < liste["x"], "facets in the left column"
        capture_docs(page, "recherche-bureau", pleine_page=False)
