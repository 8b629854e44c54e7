"""Browser tests helpers: the real app served on loopback, driven by Debian's Chromium through
Playwright (`executable_path`; no browser is ever downloaded). Screenshots go to tests/artefacts/."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
#: screenshots kept with the documentation (docs/captures/): written when missing, rewritten only
#: when asked (`CATALOGUE_CAPTURES_DOCS=1`), so that running the tests leaves the tree clean
CAPTURES_DOCS = Path(__file__).resolve().parents[1] / "docs" / "captures"
OPTIONS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync"]


def chemin_chromium() -> str:
    chemin = shutil.which("chromium") or shutil.which("chromium-browser")
    if chemin is None:
        raise RuntimeError("Chromium introuvable : installez le paquet Debian « chromium » "
                           "(scripts/setup.sh --tests le fait).")
    return chemin


@contextmanager
def serveur(app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yields its base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    fil = threading.Thread(target=http.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()


@contextmanager
def navigateur(javascript: bool = True, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chemin_chromium(), headless=True,
                                     args=OPTIONS_CHROMIUM)
        contexte = chromium.new_context(java_script_enabled=javascript, locale="fr-FR",
                                        viewport=viewport or {"width": 1280, "height": 900})
        try:
            yield contexte.new_page()
        finally:
            contexte.close()
            chromium.close()


def capture(page: Any, nom: str) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    chemin = ARTEFACTS / f"{nom}.png"
    page.screenshot(path=str(chemin), full_page=True)
    return chemin


def capture_docs(page: Any, nom: str, pleine_page: bool = True) -> Path:
    """A screenshot in the artefacts, copied to docs/captures/ when it is not there yet or when
    `CATALOGUE_CAPTURES_DOCS=1` asks for the documentation's pictures to be refreshed."""
    ARTEFACTS.mkdir(exist_ok=True)
    chemin = ARTEFACTS / f"{nom}.png"
    page.screenshot(path=str(chemin), full_page=pleine_page)
    docs = CAPTURES_DOCS / f"{nom}.png"
    if os.environ.get("CATALOGUE_CAPTURES_DOCS") == "1" or not docs.exists():
        CAPTURES_DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chemin, docs)
    return chemin
