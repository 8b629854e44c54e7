"""Issue 18 point 15 in Chromium, with the keyboard only: an animateur finds two structures that
are one, compares them side by side, picks a value of the absorbed one and merges; the offers
follow and the old address leads to the structure kept. Screenshots in docs/captures/."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.curation_outils import MOT_DE_PASSE, compte
from tests.fabriques import service
from tests.navigateur import capture_docs, navigateur, serveur
from tests.test_curation_fusion_structures import (
    AUTRE,
    GARDE,
    importer_source,
    services_autre,
    structures_lens,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def site(app: Flask, engine: Any) -> Any:
    garde, autre = structures_lens()
    importer_source(engine, "test", [garde], [service(1, zone_eligibilite=["62498"])])
    importer_source(engine, "autre", [autre], services_autre())
    compte(app, "anim62@exemple.org", "animateur", ("62",))
    with serveur(app) as url:
        yield url


def _activer(page: Any, selecteur: str) -> None:
    """Focus an element and press Enter, as a keyboard user does."""
    page.focus(selecteur)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_merge_two_structures_with_the_keyboard(site: str):
    with navigateur() as page:
        page.goto(site + "/curation/connexion?suite=/curation/doublons/structures/")
        page.focus("#courriel")
        page.keyboard.type("anim62@exemple.org")
        page.keyboard.press("Tab")
        page.keyboard.type(MOT_DE_PASSE)
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Structures en double possibles')")
        assert "Même SIRET" in page.inner_text("main")

        _activer(page, "main a:has-text('Comparer')")
        page.wait_for_selector("h1:has-text('Comparer deux structures')")
        assert "Permanence emploi jeunes" in page.inner_text("main"), "offers that will move"
        # the telephone of B: the radio of A has the focus, the arrow key selects B's
        page.focus(f"input[name=valeur_telephone][value={'a'}]")
        page.keyboard.press("ArrowRight")
        assert page.is_checked("input[name=valeur_telephone][value=b]")
        assert page.evaluate("document.activeElement.value") == "b"
        capture_docs(page, "fusion-structures-comparer")

        _activer(page, "button:has-text('Fusionner B dans A')")
        page.wait_for_selector("[role=status]")
        assert "Fusion faite" in page.inner_text("[role=status]")
        assert page.url.endswith(f"/curation/structures/{GARDE}")
        principal = page.inner_text("main")
        assert "Permanence emploi jeunes" in principal and "Fusion de doublons" in principal
        capture_docs(page, "fusion-structures-faite")

        page.goto(site + f"/structures/{AUTRE}")
        assert page.url.endswith(f"/structures/{GARDE}"), "the old address leads to the kept one"
        assert "0321000000" in page.inner_text("main")
