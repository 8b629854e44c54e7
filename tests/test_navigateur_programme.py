"""Issue « programme de 15 heures » in real Chromium: from a search in Lens with freins mobilité and
parentalité, build a 15-hour programme, see a clash flagged and fixed, export the three formats."""

from __future__ import annotations

import json
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


def _creer_programme(page: Any, site: str) -> str:
    page.goto(site + "/programmes/nouveau")
    page.fill("#libelle", "Parcours B. (Lens)")
    page.fill("#commune", "62498")
    page.check("input[name=freins][value=mobilite]")
    page.check("input[name=freins][value=parentalite]")
    page.fill("#debut", "2027-01-04")
    page.fill("#nombre_semaines", "12")
    page.click("form.recherche button[type=submit]")
    page.wait_for_selector("#semaines")
    return str(page.url)


def test_build_a_15_hour_programme_from_a_search_in_lens(site: str):
    with navigateur() as page:
        url_programme = _creer_programme(page, site)
        # the search keeps the programme's commune and freins
        page.click("text=Chercher des offres pour ce programme")
        page.wait_for_selector("h1")
        assert "Lens (62)" in page.inner_text("h1")
        assert page.is_checked("input[name=freins][value=mobilite]")
        capture(page, "programme-recherche-lens")
        page.locator("a.bouton", has_text="Ajouter au programme").first.click()
        page.wait_for_selector("#ajouter")
        if not page.input_value("#creneaux"):
            page.fill("#creneaux", "mardi 09:00-11:00")
            page.fill("#heures_saisies", "2")
        page.locator("form:has(#offer_id) button[type=submit]").click()
        page.wait_for_selector("#activite-1")

        # a free activity at the same time: the clash is flagged…
        creneau = page.inner_text("#activite-1 .carte__meta").split("·")[-1].strip()
        page.fill("#libre-libelle", "Démarches de recherche d'emploi")
        page.fill("#libre-heures", "2")
        page.fill("#libre-creneaux", _meme_creneau(creneau))
        page.locator("form:has(#libre-libelle) button[type=submit]").click()
        page.wait_for_selector("#activite-2")
        assert "en même temps" in page.inner_text("#activite-2")
        capture(page, "programme-chevauchement")

        # … and fixed by moving the free activity to Saturday morning
        page.click("#activite-2 summary")
        page.fill("#activite-2 textarea[name=creneaux]", "samedi 09:00-11:00")
        page.locator("#activite-2 form button[type=submit]").first.click()
        page.wait_for_selector("#activite-2")
        assert "en même temps" not in page.inner_text("#activite-2")

        # « Proposer un programme » fills the gap to 15 h, with at most the activities the référent set
        page.goto(url_programme + "/proposer")
        page.fill("#activites_max", "3")
        page.press("#activites_max", "Enter")
        page.wait_for_url("**activites_max=3")
        assert page.locator("li.carte").count() <= 3
        page.click("summary:has-text('Pourquoi ce choix')")
        capture(page, "programme-proposition")
        page.set_viewport_size({"width": 390, "height": 844})
        capture(page, "programme-proposition-390")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url_programme + "/proposer")
        page.click("form[method=post] button[type=submit]")
        page.wait_for_selector("#semaines")
        texte = page.inner_text("#semaines + p")
        assert "12 semaines sur 12 atteignent l'objectif" in texte, texte
        capture(page, "programme-15-heures")

        for format_ in ("json", "ics", "html"):
            reponse = page.request.get(f"{url_programme}/export.{format_}")
            assert reponse.status == 200, format_
            corps = reponse.text()
            if format_ == "json":
                document = json.loads(corps)
                assert document["activites"] and "service" in json.dumps(document)
            elif format_ == "ics":
                assert "BEGIN:VCALENDAR" in corps and "RRULE:FREQ=WEEKLY" in corps
            else:
                page.goto(f"{url_programme}/export.html")
                capture(page, "programme-impression")


def _meme_creneau(texte: str) -> str:
    """`mar. 09:00-11:00` (activity 1 as shown) → the slot line the form takes, same time."""
    import re

    jours = {"lun": "lundi", "mar": "mardi", "mer": "mercredi", "jeu": "jeudi", "ven": "vendredi",
             "sam": "samedi"}
    m = re.search(r"(lun|mar|mer|jeu|ven|sam)\w*\.?\s+(\d\d:\d\d)-(\d\d:\d\d)", texte)
    assert m, texte
    return f"{jours[m[1]]} {m[2]}-{m[3]}"


def test_programme_with_the_keyboard_only_and_without_javascript(site: str):
    """Create a programme, add a free activity, see it in the week, remove it: keys only, no JS."""
    with navigateur(javascript=False) as page:
        page.goto(site + "/programmes/nouveau")
        page.focus("#libelle")
        page.keyboard.type("Parcours C. (Lens)")
        page.focus("#commune")
        page.keyboard.type("62498")
        page.focus("input[name=freins][value=mobilite]")
        page.keyboard.press("Space")
        assert page.is_checked("input[name=freins][value=mobilite]")
        page.focus("#nombre_semaines")
        page.keyboard.press("Control+A")
        page.keyboard.type("8")
        page.keyboard.press("Enter")
        page.wait_for_selector("#semaines")
        assert "Parcours C. (Lens)" in page.inner_text("h1")

        page.focus("#libre-libelle")
        page.keyboard.type("Démarches de recherche d'emploi")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "libre-heures", "tab order follows the form"
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.type("mardi 09:00-12:00")
        page.focus("form:has(#libre-libelle) button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_selector("#activite-1")
        assert "3 h" in page.inner_text("#activite-1")
        assert "Démarches de recherche d'emploi" in page.inner_text("table.semaine-type, #semaine-type, main")
        capture(page, "programme-clavier-sans-js")

        page.focus("#activite-1 button:has-text('Retirer')")
        page.keyboard.press("Enter")
        page.wait_for_selector("#semaines")
        assert page.locator("#activite-1").count() == 0
