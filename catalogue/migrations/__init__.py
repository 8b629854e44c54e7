"""Schema migrations (Alembic, used directly).

Why Alembic directly rather than Flask-Migrate: Flask-Migrate drives Alembic through
Flask-SQLAlchemy's `db` object, which this app does not use (SQLModel tables, one engine per app
made by `catalogue.db`). Alembic's API takes our engine and `SQLModel.metadata` as they are, and
the commands stay ours (`catalogue db upgrade|current|revision|heads`).

- `mettre_a_jour(engine)`: bring a database to the latest revision. A database made before
  migrations existed (tables, no `alembic_version`) is adopted at the first revision, whose
  schema it has, then upgraded. On PostgreSQL an advisory lock keeps two nodes starting together
  from migrating at the same time.
- `marquer_a_jour(engine)`: after `create_all` (the tests' fast path), record the latest revision.
- `revision(engine, message)`: write a new revision file from the difference between the models
  and a database at the latest revision (autogenerate); read it before committing it.

Adding a table or a column: change the model, run `catalogue db revision -m "ce qui change"`
against a database at head (`catalogue db upgrade` first), check the file written in
`catalogue/migrations/versions/`, commit it with the model. `tests/test_migrations.py` fails when a
model changes without its migration, or when two revisions share a parent (two branches merged:
set the later one's `down_revision` to the other).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

DOSSIER = Path(__file__).resolve().parent
#: the revision equal to the schema `create_all` made before migrations existed
PREMIERE = "0001"
_CLE_VERROU = 160_2027  # PostgreSQL advisory lock held while migrating


def configuration(connexion: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(DOSSIER))
    config.attributes["connection"] = connexion
    return config


def tete() -> str:
    """The latest revision (one head: `tests/test_migrations.py` checks it)."""
    head = ScriptDirectory.from_config(configuration()).get_current_head()
    assert head is not None
    return head


def actuelle(engine: Engine) -> str | None:
    with engine.connect() as connexion:
        return MigrationContext.configure(connexion).get_current_revision()


def mettre_a_jour(engine: Engine, cible: str = "head") -> tuple[str | None, str | None]:
    """Upgrade to `cible`; returns the revisions before and after."""
    with _connexion_verrouillee(engine) as connexion:
        avant = MigrationContext.configure(connexion).get_current_revision()
        if avant is None and inspect(connexion).has_table("offer"):
            command.stamp(configuration(connexion), PREMIERE)
            avant = PREMIERE
        command.upgrade(configuration(connexion), cible)
        apres = MigrationContext.configure(connexion).get_current_revision()
        connexion.commit()
    return avant, apres


def marquer_a_jour(engine: Engine) -> None:
    with engine.begin() as connexion:
        command.stamp(configuration(connexion), "head", purge=True)


def revision(engine: Engine, message: str) -> str:
    """Write a revision with the changes autogenerate finds; returns the file's path."""
    with engine.begin() as connexion:
        script = command.revision(configuration(connexion), message=message, autogenerate=True,
                                  rev_id=_prochain_numero())
    assert script is not None and not isinstance(script, list)
    return str(script.path)


def _prochain_numero() -> str:
    revisions = ScriptDirectory.from_config(configuration()).walk_revisions()
    return f"{max(int(r.revision) for r in revisions if r.revision.isdigit()) + 1:04d}"


@contextmanager
def _connexion_verrouillee(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connexion:
        if connexion.dialect.name == "postgresql":
            connexion.execute(text("SELECT pg_advisory_lock(:cle)"), {"cle": _CLE_VERROU})
            connexion.commit()
        try:
            yield connexion
        finally:
            if connexion.dialect.name == "postgresql":
                connexion.rollback()
                connexion.execute(text("SELECT pg_advisory_unlock(:cle)"), {"cle": _CLE_VERROU})
                connexion.commit()
