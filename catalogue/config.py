"""Configuration: defaults, then the environment, then the mapping given to `create_app`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def defauts(instance_path: str) -> dict[str, Any]:
    instance = Path(instance_path)
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'catalogue.db'}",
        "SEARCH_INDEX_DIR": str(instance / "index"),
        "SECRET_KEY": "dev-non-secret-a-changer",
        "IMPORT_BATCH_SIZE": 1000,
        # one validation worker per core beside the writer, which mostly waits on the database
        # when records are unchanged (bench/import.py: re-import 1.45x faster than with one)
        "IMPORT_PROCESSES": (os.cpu_count() or 1) + 1,
        # seconds an import is known alive after each batch: past that, dead runs are interrupted
        "IMPORT_BAIL_S": 120,
        "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
        # session cookie sent over HTTPS only: turn on in production (off for http in dev/tests)
        "SESSION_COOKIE_SECURE": False,
        # a signed-in session lasts this many seconds (12 h: one working day)
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        # months between checks of an offer when none is set (DORA's default)
        "FREQUENCE_MAJ_DEFAUT": 6,
        # proxies in front of the app whose X-Forwarded-* headers are trusted (0: none)
        "PROXY_FIX": 0,
        # seconds between two catch-ups of the search index from the change journal (0: none)
        "RATTRAPAGE_INTERVALLE": 0.5,
        # days the change journal keeps rows every index has applied (harvesters read it too)
        "JOURNAL_RETENTION_JOURS": 30,
    }


#: read from the plain environment too (12-factor names used by hosts and the README)
VARIABLES_SIMPLES = ("DATABASE_URL", "SEARCH_INDEX_DIR", "SECRET_KEY")


def depuis_environnement() -> dict[str, Any]:
    return {nom: os.environ[nom] for nom in VARIABLES_SIMPLES if os.environ.get(nom)}


class ConfigurationRefusee(Exception):
    """A production run cannot start with this configuration (the message says why, in French)."""


def verifier_production(app: Any) -> None:
    """Startup checks of a production run (`catalogue serve` without `--dev`), before any worker
    starts: raise `ConfigurationRefusee`. Every check a production start needs goes here."""
    index = Path(app.config["SEARCH_INDEX_DIR"])
    try:
        index.mkdir(parents=True, exist_ok=True)
        essai = index / f".ecriture-{os.getpid()}"
        essai.write_bytes(b"")
        essai.unlink()
    except OSError as exc:
        raise ConfigurationRefusee(f"Dossier de l'index de recherche inutilisable ({index}) : "
                                   f"{exc.strerror or exc}. Vérifiez SEARCH_INDEX_DIR.") from exc
