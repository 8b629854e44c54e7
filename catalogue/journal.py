"""The change journal: one row per write to an offer or a structure, in the writing transaction.

Table `journal_changement` (model `Changement`):

- `sequence` (big integer, primary key): strictly increasing, never reused (SQLite
  `AUTOINCREMENT`, PostgreSQL `BIGSERIAL`);
- `kind`: `offer` or `structure`, what changed;
- `record_id` (text, 250): the data·inclusion id of the offer (`Offer.id`) or structure
  (`Structure.id`);
- `operation`: `upsert` (the row exists after the change: created or changed) or `delete` (gone);
- `changed_at` (timestamp, UTC): when the transaction wrote it.

Guarantees, for whoever follows the journal (search indexes, harvesters of the API):

- a row is written by the same transaction as the change (`before_commit`): no change without its
  row, no row without its change;
- rows become visible in `sequence` order: writers take a lock just before inserting their rows and
  keep it until commit (a PostgreSQL transaction-level advisory lock; SQLite has one writer at a
  time anyway). So a reader that has seen sequence N has seen every row below N that will ever
  exist: following is `WHERE sequence > last_seen ORDER BY sequence`. Numbers may be skipped (a
  transaction that failed at commit), never filled in later;
- the row says *that* a record changed, not its content: read the record's current row. Several
  changes to one record in one transaction give one row;
- a transaction writes its rows in one statement, at the end: the lock is held for milliseconds.

Every write path notes what it changed with `noter(session, kind, ids)` (the service layer does it
for imports, hand edits, approvals and merges); an offer or structure deleted through the ORM
(`session.delete`) is noted by itself. A bulk `DELETE` statement must call
`noter(..., operation=DELETE)`.

Pruning (`elaguer`): rows are removed only when every known index (`IndexNoeud`, seen within the
retention) has passed them *and* they are older than `JOURNAL_RETENTION_JOURS` (30 days by
default), so a harvester polling at least that often never misses a deletion. Each pruning is
recorded in `journal_elagage`: a follower behind `elague_jusqu_a` has lost rows and must rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, delete, event, func, select, text
from sqlmodel import Field, Session, SQLModel, col

from catalogue.insertion import inserer
from catalogue.models import Offer, Structure, maintenant

OFFER, STRUCTURE = "offer", "structure"
UPSERT, DELETE = "upsert", "delete"

#: PostgreSQL advisory lock key held from the journal insert to the commit (arbitrary constant)
CLE_VERROU_JOURNAL = 160_2026

#: SQLite wants INTEGER for an auto-incremented primary key; PostgreSQL gets a 64-bit one
_SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


class Changement(SQLModel, table=True):
    """One change of one record (see the module's docstring for the model)."""

    __tablename__ = "journal_changement"
    __table_args__ = {"sqlite_autoincrement": True}

    sequence: int | None = Field(default=None, sa_column=Column(
        _SEQUENCE, primary_key=True, autoincrement=True))
    kind: str = Field(max_length=20)
    record_id: str = Field(max_length=250)
    operation: str = Field(max_length=10)
    changed_at: datetime = Field(default_factory=maintenant)


class IndexNoeud(SQLModel, table=True):
    """A search index folder following the journal (one per machine, shared by its workers)."""

    __tablename__ = "index_noeud"

    noeud: str = Field(primary_key=True, max_length=64)
    sequence: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    description: str = Field(default="", max_length=500)
    vu_le: datetime = Field(default_factory=maintenant)


class Elagage(SQLModel, table=True):
    """A pruning of the journal: rows up to `jusqu_a` are gone."""

    __tablename__ = "journal_elagage"

    id: int | None = Field(default=None, primary_key=True)
    jusqu_a: int = Field(sa_column=Column(BigInteger, nullable=False))
    le: datetime = Field(default_factory=maintenant)


# ------------------------------------------------------------------------------------------------
# Writing


_EN_ATTENTE = "journal_en_attente"


def noter(session: Session, kind: str, ids: Iterable[str], operation: str = UPSERT) -> None:
    """Record that this transaction changed these records (written at commit)."""
    attente: dict[tuple[str, str], str] = session.info.setdefault(_EN_ATTENTE, {})
    for ident in ids:
        attente[(kind, ident)] = operation


def _avant_commit(session: Session) -> None:
    session.flush()  # ORM deletions note themselves at flush (`_apres_flush`)
    attente: dict[tuple[str, str], str] | None = session.info.pop(_EN_ATTENTE, None)
    if not attente:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:cle)"), {"cle": CLE_VERROU_JOURNAL})
    instant = maintenant()
    inserer(session, Changement, [
        {"kind": kind, "record_id": ident, "operation": operation, "changed_at": instant}
        for (kind, ident), operation in attente.items()
    ])


def _apres_flush(session: Session, _contexte: Any) -> None:
    """Offers and structures deleted through the ORM note themselves."""
    for objet in session.deleted:
        if isinstance(objet, Offer):
            noter(session, OFFER, [objet.id], DELETE)
            session.info.setdefault("offres_modifiees", set()).add(objet.id)
        elif isinstance(objet, Structure):
            noter(session, STRUCTURE, [objet.id], DELETE)


def _apres_rollback(session: Session) -> None:
    session.info.pop(_EN_ATTENTE, None)


event.listen(Session, "before_commit", _avant_commit)
event.listen(Session, "after_flush", _apres_flush)
event.listen(Session, "after_soft_rollback", lambda session, _tx: _apres_rollback(session))


# ------------------------------------------------------------------------------------------------
# Reading


def derniere_sequence(session: Session) -> int:
    return int(session.execute(select(func.max(col(Changement.sequence)))).scalar() or 0)


def elague_jusqu_a(session: Session) -> int:
    return int(session.execute(select(func.max(col(Elagage.jusqu_a)))).scalar() or 0)


def depuis(session: Session, sequence: int, limite: int) -> list[tuple[int, str, str, str]]:
    """(sequence, kind, record_id, operation) of the rows after `sequence`, in order."""
    requete = (select(col(Changement.sequence), col(Changement.kind), col(Changement.record_id),
                      col(Changement.operation))
               .where(col(Changement.sequence) > sequence)
               .order_by(col(Changement.sequence)).limit(limite))
    return [tuple(ligne) for ligne in session.execute(requete)]


def offres_changees(session: Session, apres: int, jusqu_a: int) -> list[tuple[int, str]]:
    """(sequence, offer id) of the offer rows in (`apres`, `jusqu_a`]."""
    requete = (select(col(Changement.sequence), col(Changement.record_id))
               .where(col(Changement.kind) == OFFER, col(Changement.sequence) > apres,
                      col(Changement.sequence) <= jusqu_a))
    return [(int(s), str(i)) for s, i in session.execute(requete)]


def retard(session: Session, sequence: int) -> tuple[int, float]:
    """How many rows come after `sequence`, and the age in seconds of the oldest of them."""
    nombre, plus_ancien = session.execute(
        select(func.count(), func.min(col(Changement.changed_at)))
        .where(col(Changement.sequence) > sequence)).one()
    if not nombre or plus_ancien is None:
        return 0, 0.0
    if plus_ancien.tzinfo is None:  # SQLite gives naive UTC datetimes back
        plus_ancien = plus_ancien.replace(tzinfo=maintenant().tzinfo)
    return int(nombre), max(0.0, (maintenant() - plus_ancien).total_seconds())


# ------------------------------------------------------------------------------------------------
# Known indexes and pruning


def signaler_noeud(session: Session, noeud: str, sequence: int, description: str) -> None:
    """Record where an index is (its own transaction: call outside a write)."""
    ligne = session.get(IndexNoeud, noeud) or IndexNoeud(noeud=noeud)
    ligne.sequence, ligne.description, ligne.vu_le = sequence, description[:500], maintenant()
    session.add(ligne)
    session.commit()


def elaguer(session: Session, retention: timedelta) -> int:
    """Remove the rows every index seen within `retention` has passed and that are older than
    `retention`. Returns how many rows went."""
    limite = maintenant() - retention
    plancher = session.execute(select(func.min(col(IndexNoeud.sequence)))
                               .where(col(IndexNoeud.vu_le) >= limite)).scalar()
    if plancher is None:
        return 0
    jusqu_a = session.execute(
        select(func.max(col(Changement.sequence)))
        .where(col(Changement.sequence) <= plancher,
               col(Changement.changed_at) < limite)).scalar()
    if jusqu_a is None:
        return 0
    supprimes = session.execute(delete(Changement).where(
        col(Changement.sequence) <= jusqu_a)).rowcount  # type: ignore[attr-defined]
    session.add(Elagage(jusqu_a=jusqu_a))
    session.commit()
    return int(supprimes or 0)
