"""Screenshots of the coverage page (EPCI × frein heat map and table) on a desktop and a 390 px
phone, kept in docs/captures/ (issue 18's « must show »; the choropleth of point 17 is not built)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from tests.curation_outils import MOT_DE_PASSE, compte
from tests.navigateur import capture_docs, navigateur, serveur

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("nom", "viewport"), [("bureau", None),
                                               ("telephone", {"width": 390, "height": 844})])
def test_coverage_page_screenshots(app: Flask, engine: Any, nom: str, viewport: Any):
    charger_demo(engine)
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as site, navigateur(viewport=viewport) as page:
        page.goto(site + "/curation/connexion?suite=/curation/couverture/?departement=62")
        page.fill("#courriel", "anim62@exemple.org")
        page.fill("#mot_de_passe", MOT_DE_PASSE)
        page.click("main button[type=submit]")
        page.wait_for_selector("figure.carte-chaleur svg")
        assert "Pas-de-Calais (62)" in page.inner_text("h1")
        page.locator("figure.carte-chaleur").scroll_into_view_if_needed()
        capture_docs(page, f"couverture-{nom}", pleine_page=False)
