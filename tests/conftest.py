"""Fixtures in the flaskr style: each test gets its own database and index directory.

On SQLite the database is a file under tmp_path. When DATABASE_URL points at PostgreSQL (the test
command's second pass starts a throwaway server), each test starts from freshly created tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlmodel import SQLModel

from catalogue import create_app, db, rattrapage

RACINE = Path(__file__).resolve().parents[1]
#: the departmental documents the convention importer reads (the team's `shared/seeds`, beside the
#: checkout); `CATALOGUE_SEEDS` points elsewhere when the checkout sits somewhere else
SEEDS = Path(os.environ.get("CATALOGUE_SEEDS") or RACINE.parent / "shared" / "seeds")


def pytest_report_header() -> str:
    etat = "" if SEEDS.is_dir() else (" — INTROUVABLES : les tests qui les lisent échouent en CI, "
                                      "sont sautés ailleurs")
    return f"documents des conventions : {SEEDS}{etat} (variable CATALOGUE_SEEDS)"


def exiger_seeds() -> Path:
    """For a test that reads the departmental documents: without them it is skipped, saying how to
    point at them, except in CI (`CI=true`), where a missing folder is an error."""
    if not SEEDS.is_dir():
        message = (f"documents des conventions introuvables dans {SEEDS} : placez le dépôt à côté de "
                   "« shared/ » ou lancez CATALOGUE_SEEDS=/chemin/vers/seeds make test")
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message + " (CI=true : leur absence est une erreur)", pytrace=False)
        pytest.skip(message)
    return SEEDS


@pytest.fixture(autouse=True)
def _suiveurs_arretes() -> Iterator[None]:
    """No index follower outlives its test (one left running read dropped tables in later tests)."""
    yield
    rattrapage.arreter_tous()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'catalogue.db'}"
    application = create_app({
        "TESTING": True,
        "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SECRET_KEY": "test",
        "RATTRAPAGE_INTERVALLE": 0,  # tests that follow the journal start their follower
        "API_EXPORTS_DIR": str(tmp_path / "exports-api"),  # not the checkout's instance folder
    })
    with application.app_context():
        if not url.startswith("sqlite"):
            SQLModel.metadata.drop_all(db.engine())
        db.creer_tables()
    yield application
    application.extensions["catalogue.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def engine(app: Flask) -> Any:
    return app.extensions["catalogue.engine"]
