"""The embeddable widget in real headless Chromium: inside a partner's <iframe>, without
JavaScript, with the keyboard only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask

from catalogue.demo.chargement import charger_demo
from tests.navigateur import capture, navigateur, serveur

pytestmark = pytest.mark.browser

WIDGET = "/widget?code_commune=62498&freins=mobilite"


@pytest.fixture
def site(app: Flask, engine: Any) -> Iterator[str]:
    charger_demo(engine)
    with serveur(app) as url:
        yield url


def _site_partenaire(url_widget: str) -> tuple[ThreadingHTTPServer, str]:
    """Another origin (another port) whose page embeds the widget, as a département's site would."""
    page = (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Département</title>'
            f'</head><body><h1>Site du département</h1><iframe title="Offres d\'insertion" '
            f'src="{url_widget}" width="800" height="700"></iframe></body></html>').encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return http, f"http://127.0.0.1:{http.server_port}/"


def test_widget_is_framable_by_a_partner_site(site: str, client: Any):
    reponse = client.get(WIDGET)
    assert "X-Frame-Options" not in reponse.headers
    assert "frame-ancestors" not in reponse.headers.get("Content-Security-Policy", "")
    assert client.get("/").headers["X-Frame-Options"] == "DENY", "the rest of the site is not"
    http, partenaire = _site_partenaire(site + WIDGET)
    try:
        with navigateur() as page:
            page.goto(partenaire)
            cadre = page.frame_locator("iframe")
            cadre.locator("h1").wait_for()
            assert "pour une personne de Lens (62)" in cadre.locator("h1").inner_text()
            assert cadre.locator("ol.resultats > li").count() > 0
            capture(page, "widget-dans-un-site-partenaire")
    finally:
        http.shutdown()


def test_widget_without_javascript_and_with_the_keyboard(site: str):
    with navigateur(javascript=False) as page:
        page.goto(site + WIDGET)
        cartes = page.locator("ol.resultats > li")
        assert cartes.count() == 10
        premier = cartes.first.inner_text()
        assert "par semaine" in premier or "heures non renseignées" in premier
        capture(page, "widget-sans-javascript")
        page.keyboard.press("Tab")
        focus = page.evaluate("document.activeElement.getAttribute('href') || ''")
        assert "/offres/" in focus, "first Tab reaches the first offer's link"
        for _ in range(40):
            if "page=2" in page.evaluate("document.activeElement.getAttribute('href') || ''"):
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**page=2**")
        assert "Page 2 sur" in page.inner_text("nav.widget__pied")


def test_widget_bad_parameter_says_so_in_french(client: Any):
    reponse = client.get("/widget?code_commune=99999")
    assert reponse.status_code == 422
    assert "code INSEE inconnu « 99999 »" in reponse.get_data(as_text=True)
