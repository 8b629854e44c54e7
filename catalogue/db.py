"""Database engine and sessions.

SQLite file by default (in the instance folder), PostgreSQL when `DATABASE_URL` points at one. The
engine is built once per app and kept in `app.extensions`; a request gets one session, closed at
teardown. Command-line code uses `session_scope`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from catalogue import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from catalogue.json_colonnes import json_serialiser
from catalogue.programmes import models as _programmes  # noqa: F401  (same for programmes)


def creer_engine(url: str) -> Engine:
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=json_serialiser)
        event.listen(engine, "connect", _pragmas_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_serialiser)


def _pragmas_sqlite(connexion: Any, _record: Any) -> None:
    """WAL lets the web app read while an import writes; foreign keys are off by default."""
    curseur = connexion.cursor()
    curseur.execute("PRAGMA journal_mode=WAL")
    curseur.execute("PRAGMA synchronous=NORMAL")
    curseur.execute("PRAGMA foreign_keys=ON")
    curseur.close()


def engine() -> Engine:
    moteur: Engine = current_app.extensions["catalogue.engine"]
    return moteur


def session() -> Session:
    """The request's session (one per request, closed at teardown)."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    courante: Session = g.db_session
    return courante


@contextmanager
def session_scope(moteur: Engine | None = None) -> Iterator[Session]:
    with Session(moteur or engine(), expire_on_commit=False) as s:
        yield s


def creer_tables(moteur: Engine | None = None) -> None:
    SQLModel.metadata.create_all(moteur or engine())


def _fermer_session(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()


def init_app(app: Flask) -> None:
    app.extensions["catalogue.engine"] = creer_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_fermer_session)
