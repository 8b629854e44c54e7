"""Leases of import runs: a run whose process died is seen as interrupted, not "en cours" forever.

An import run records its owner (`host:pid`) and a lease (`bail_jusqu_a`), renewed each time it
commits a batch. `marquer_interrompus` turns "en cours" runs into `interrupted` when their lease
has expired, or at once when their owner ran on this host and is gone (a `kill -9`, a crash, a
reboot). The batches it committed stay (each was complete); the message says so. The imports
pages, `catalogue imports` and the index follower of each serving process call it.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogue.models import ImportItem, ImportRun, RunStatut, maintenant

#: seconds an import run is known alive after each batch it commits (`IMPORT_BAIL_S`)
DUREE_BAIL_S = 120.0


def proprietaire() -> str:
    """This process, as an import run's owner."""
    return f"{socket.gethostname()}:{os.getpid()}"


def echeance(duree_s: float = DUREE_BAIL_S) -> datetime:
    return maintenant() + timedelta(seconds=duree_s)


def marquer_interrompus(session: Session) -> list[int]:
    """Mark the dead runs interrupted (committed); returns their numbers."""
    en_cours = session.exec(select(ImportRun).where(
        col(ImportRun.statut) == RunStatut.EN_COURS.value)).all()
    instant = maintenant()
    morts = [run for run in en_cours if _mort(run, instant)]
    for run in morts:
        run.statut = RunStatut.INTERRUPTED.value
        run.fin = instant
        run.compteurs = _compteurs_ecrits(session, run.id)
        run.message = (f"Import interrompu : le processus qui l'exécutait ({run.proprietaire or '?'}) "
                       "s'est arrêté sans le terminer. Les lots enregistrés avant l'arrêt restent "
                       "dans le catalogue ; relancez l'import pour traiter le reste (les "
                       "enregistrements déjà écrits seront « inchangés »).")
        session.add(run)
    if morts:
        session.commit()
    return [run.id for run in morts if run.id is not None]


def _compteurs_ecrits(session: Session, run_id: int | None) -> dict[str, int]:
    """What the run's committed batches recorded (each batch stores its records' outcomes)."""
    compteurs: dict[str, int] = {"total": 0}
    requete = (select(ImportItem.status, ImportItem.kind, func.count())
               .where(ImportItem.run_id == run_id).group_by(ImportItem.status, ImportItem.kind))
    for statut, sorte, nombre in session.exec(requete):
        compteurs["total"] += nombre
        compteurs[statut] = compteurs.get(statut, 0) + nombre
        compteurs[f"{sorte}s"] = compteurs.get(f"{sorte}s", 0) + nombre
    return compteurs


def _mort(run: ImportRun, instant: datetime) -> bool:
    if run.bail_jusqu_a is None:
        return True  # a run started before leases existed: nobody renews it
    bail = run.bail_jusqu_a if run.bail_jusqu_a.tzinfo else run.bail_jusqu_a.replace(
        tzinfo=instant.tzinfo)
    if bail < instant:
        return True
    hote, _, pid = (run.proprietaire or "").rpartition(":")
    return hote == socket.gethostname() and pid.isdigit() and not _processus_vivant(int(pid))


def _processus_vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (dead, not yet reaped by its parent) is not alive
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
