"""Issue 18 point 16 in Chromium: after a failed save the focus is on the error summary; zones are
shown by name and read back; the zone field suggests intercommunalités and départements."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session

from catalogue.demo.chargement import charger_demo
from catalogue.models import Offer
from tests.curation_outils import MOT_DE_PASSE, compte
from tests.navigateur import capture, navigateur, serveur

pytestmark = pytest.mark.browser

OFFRE = "demo--emploi-62498-atelier-cv"


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    charger_demo(engine)
    with Session(engine) as s:
        o = s.get(Offer, OFFRE)
        assert o is not None
        o.zone_eligibilite = ["62498", "246200364"]
        s.add(o)
        s.commit()
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False])
def test_focus_zones_by_name_and_suggestions(site: str, engine: Any, javascript: bool):
    with navigateur(javascript=javascript) as page:
        page.goto(f"{site}/curation/connexion?suite=/curation/offres/{OFFRE}/modifier")
        page.fill("#courriel", "anim62@exemple.org")
        page.fill("#mot_de_passe", MOT_DE_PASSE)
        page.click("main button[type=submit]")
        page.wait_for_selector("#zone_eligibilite")
        assert page.input_value("#zone_eligibilite") == "Lens (62), CA de Lens - Liévin"
        page.fill("#nom", "CV")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("#resume-erreurs")
        assert page.evaluate("document.activeElement.id") == "resume-erreurs"
        if javascript:
            page.fill("#zone_eligibilite", "Lens (62), pas-de")
            page.wait_for_function(
                "document.querySelectorAll('#zones-liste option').length > 0")
            options = page.eval_on_selector_all("#zones-liste option", "l => l.map(o => o.value)")
            assert options[0] == "Lens (62), Pas-de-Calais (62)"
            capture(page, "curation-zones-suggestions")
        page.fill("#nom", "Atelier CV et lettre")
        page.fill("#zone_eligibilite", "Lens (62), CA de Lens - Liévin, Pas-de-Calais (62)")
        page.click("form.formulaire button[type=submit]")
        page.wait_for_selector("text=Offre enregistrée.")
    with Session(engine) as s:
        o = s.get(Offer, OFFRE)
        assert o is not None and o.zone_eligibilite == ["62498", "246200364", "62"]
