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
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

from catalogue import journal as _journal  # noqa: F401  (same for the change journal)
from catalogue import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from catalogue.api import models as _api  # noqa: F401  (same for API keys)
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


#: SQLite page cache per connection, in KiB (SQLite's default is 2 MiB): a 1,000-offer import
#: batch dirties more pages than that, and its index B-trees were evicted and read back mid-batch
CACHE_KIO = 65536
#: WAL pages written before SQLite copies them back into the database file (default 1,000, i.e.
#: 4 MiB: a checkpoint, with its fsync, after nearly every import batch); the WAL file is cut back
#: to the same size after a checkpoint
WAL_PAGES_AVANT_CHECKPOINT = 16384


def _pragmas_sqlite(connexion: Any, _record: Any) -> None:
    """WAL lets the web app read while an import writes; foreign keys are off by default. The
    cache and checkpoint sizes took about 3.5 s of system CPU off a 100,000-service import
    (`bench/import_detail.py`)."""
    curseur = connexion.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                   f"cache_size=-{CACHE_KIO}", f"wal_autocheckpoint={WAL_PAGES_AVANT_CHECKPOINT}",
                   f"journal_size_limit={WAL_PAGES_AVANT_CHECKPOINT * 4096}"):
        curseur.execute(f"PRAGMA {pragma}")
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
def lecture(moteur: Engine | None = None) -> Iterator[Connection]:
    """A connection for reads done in one statement each (a page of search results): outside any
    transaction, so PostgreSQL gets no BEGIN and ROLLBACK round trips around them (on a search
    page, five round trips became two with the one-statement `lignes_par_ids`)."""
    with (moteur or engine()).connect() as connexion:
        yield connexion.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def session_scope(moteur: Engine | None = None) -> Iterator[Session]:
    with Session(moteur or engine(), expire_on_commit=False) as s:
        yield s


def creer_tables(moteur: Engine | None = None) -> None:
    """Make the schema current. A database without the catalogue's tables gets every table
    straight from the models, recorded at the latest migration (fast: tests, benchmarks); one
    that has them goes through the migrations (`catalogue.migrations.mettre_a_jour`)."""
    from catalogue import migrations

    moteur = moteur or engine()
    if inspect(moteur).has_table("offer"):
        migrations.mettre_a_jour(moteur)
        return
    SQLModel.metadata.create_all(moteur)
    migrations.marquer_a_jour(moteur)


def _fermer_session(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()


def init_app(app: Flask) -> None:
    app.extensions["catalogue.engine"] = creer_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_fermer_session)
