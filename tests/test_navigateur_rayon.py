"""Issue 14 seen in a real browser: a village with no offer of its own gets distances and the
nearest offers first; an estimated distance says so; Rennes lists nothing reserved elsewhere."""

from __future__ import annotations

import re
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


def test_un_village_voit_ses_distances(site: str) -> None:
    with navigateur() as page:
        page.goto(site + "/recherche?lieu=Badaroux")
        page.wait_for_selector("ol.resultats > li")
        assert "Badaroux" in page.inner_text("h1")
        lieux = page.locator("ol.resultats .carte__lieu").all_inner_texts()
        distances = [int(m) for t in lieux for m in re.findall(r"(\d+) km", t)]
        assert len(distances) >= 5 and max(distances) <= 50
        capture(page, "recherche-badaroux-distances")


def test_rennes_sans_les_offres_reservees_ailleurs(site: str) -> None:
    with navigateur(javascript=False) as page:
        page.goto(site + "/recherche?lieu=Rennes&q=addictions")
        page.wait_for_selector("h1")
        texte = page.inner_text("main")
        assert "Écoute téléphonique addictions" in texte  # the one open to Ille-et-Vilaine
        assert "Pas-de-Calais" not in texte and "Lozère" not in texte
        capture(page, "recherche-rennes-addictions")
