"""The search index follows the change journal (`catalogue.journal`) on every node.

Each index folder records the last journal sequence it holds (`search.index.SuiviJournal`). A
catch-up round (`rattraper`) reads the journal rows after it, reads the current rows of the offers
they name, writes what differs from the index (upsert, or delete when the row is gone), commits the
index, then records the new sequence. So:

- several worker processes sharing a folder (one machine) take turns through the folder's lock;
  the index changes each makes are seen by the others at their next search;
- several machines, each with its folder, against one PostgreSQL, each catch up on their own;
- a folder with no recorded position, or behind a pruning of the journal (`journal_elagage`), is
  rebuilt (empty) or compared with the database and repaired, then follows from the sequence read
  *before* that rebuild (changes during it are applied again, harmlessly);
- a write already pushed to the index by the writing process (`after_commit`) is found equal and
  skipped when the batch is large (versions compared), rewritten otherwise (cheap); a writer that
  pushed an older document after a round applied a newer one puts it right itself
  (`recherche.reconcilier`, under the same catch-up lock), or leaves it to the next round when
  a round holds the lock.

`Suiveur` runs rounds every `RATTRAPAGE_INTERVALLE` seconds in a daemon thread of each serving
process (started at its first request); it also signals the node's position (`index_noeud`),
prunes the journal now and then and marks dead import runs as interrupted. `etat(app)` says where
the node is, for `/sante` and `catalogue check`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from catalogue import baux, journal
from catalogue.recherche import (
    documents,
    index_de,
    reconcilier_en_attente,
    reindexer,
    verifier,
    versions_en_base,
)
from search import Index

log = logging.getLogger(__name__)

#: journal rows read per step of a catch-up
LOT = 2000
#: above this many offers in a step, index versions are compared before writing
COMPARER_AU_DELA = 200


@dataclass
class Bilan:
    """What a catch-up round did."""

    occupe: bool = False
    reconstruit: bool = False
    appliques: int = 0
    ecrits: int = 0
    sequence: int = 0
    #: offers pushed again for writers that found the lock taken (`recherche.reconcilier`)
    reconcilies: int = 0


@dataclass
class Etat:
    """Where a node's index is, compared with the journal."""

    sequence_index: int | None
    sequence_base: int
    retard_changements: int
    retard_secondes: float
    #: no recorded position: the folder is (to be) rebuilt before it can answer
    reconstruction: bool = False


def rattraper(engine: Engine, chemin: str) -> Bilan:
    """One catch-up round of the index in `chemin` (see the module docstring)."""
    idx = index_de(chemin)
    with idx.suivi.rattrapage() as tenu:
        if not tenu:
            return Bilan(occupe=True)
        with Session(engine) as session:
            position = idx.suivi.sequence
            if position is None or position < journal.elague_jusqu_a(session):
                bilan = _reconstruire(engine, chemin, idx, session, position)
            else:
                bilan = _appliquer(engine, idx, session, position)
        bilan.reconcilies = reconcilier_en_attente(engine, chemin)
        return bilan


def _reconstruire(engine: Engine, chemin: str, idx: Index, session: Session,
                  position: int | None) -> Bilan:
    depart = journal.derniere_sequence(session)
    session.rollback()  # the rebuild reads a snapshot taken after `depart`
    if position is not None or len(idx) == 0:
        log.warning("Index %s %s : reconstruction depuis la base", chemin,
                    "vide" if position is None else "en retard sur le journal élagué")
        ecrits = reindexer(engine, chemin)
    else:  # an index made before the journal: compare, repair what differs
        ecrits = len(verifier(engine, chemin, reparer=True))
    idx.suivi.noter_sequence(depart)
    return Bilan(reconstruit=True, ecrits=ecrits, sequence=depart)


def _appliquer(engine: Engine, idx: Index, session: Session, position: int) -> Bilan:
    bilan = Bilan(sequence=position)
    while True:
        lignes = journal.depuis(session, bilan.sequence, LOT)
        if not lignes:
            return bilan
        offres = {ident for _, kind, ident, _ in lignes if kind == journal.OFFER}
        bilan.ecrits += _ecrire(idx, session, offres)
        bilan.appliques += len(lignes)
        bilan.sequence = lignes[-1][0]
        idx.suivi.noter_sequence(bilan.sequence)
        session.rollback()  # next step on a fresh snapshot


def _ecrire(idx: Index, session: Session, ids: set[str]) -> int:
    if not ids:
        return 0
    if len(ids) > COMPARER_AU_DELA:  # mostly pushed already by their writer: compare first
        en_base, dans_index = versions_en_base(session, ids), idx.versions()
        absents = (ids - en_base.keys()) & dans_index.keys()
        ids = {ident for ident, v in en_base.items() if dans_index.get(ident) != v}
        docs = list(documents(session, ids)) if ids else []
    else:
        docs = list(documents(session, ids))
        absents = ids - {d["id"] for d in docs}
    if docs:
        idx.upsert(docs)
    if absents:
        idx.delete(absents)
    return len(docs) + len(absents)


def etat(engine: Engine, chemin: str) -> Etat:
    """The node's lag: journal rows not yet in its index, and the age of the oldest."""
    idx = index_de(chemin)
    position = idx.suivi.sequence
    with Session(engine) as session:
        base = journal.derniere_sequence(session)
        if position is None:
            return Etat(None, base, base, 0.0, reconstruction=True)
        nombre, secondes = journal.retard(session, position)
    return Etat(position, base, nombre, round(secondes, 3))


# ------------------------------------------------------------------------------------------------
# The background follower of a serving process


@dataclass
class Suiveur:
    """A daemon thread catching the app's index up, signalling the node, pruning the journal."""

    engine: Engine
    chemin: str
    intervalle: float
    retention: timedelta
    pid: int = field(default_factory=os.getpid)
    _arret: threading.Event = field(default_factory=threading.Event)
    _fil: threading.Thread | None = None
    _signale: tuple[int, float] = (-1, 0.0)
    _elague: float = float("-inf")
    _baux: float = float("-inf")
    ecriture_refusee: bool = False

    #: the node's row in `index_noeud` is refreshed at least this often (seconds)
    SIGNAL_S = 60.0
    #: the journal is pruned at most this often (seconds)
    ELAGAGE_S = 600.0
    #: dead import runs are looked for this often (seconds)
    BAUX_S = 30.0

    def demarrer(self) -> None:
        self._fil = threading.Thread(target=self._boucle, name="rattrapage-index", daemon=True)
        self._fil.start()

    @property
    def en_marche(self) -> bool:
        return self._fil is not None and self._fil.is_alive()

    def arreter(self) -> None:
        self._arret.set()
        if self._fil is not None:
            self._fil.join(timeout=30)

    def _boucle(self) -> None:
        while not self._arret.is_set():
            try:
                self.tour()
            except Exception:  # noqa: BLE001 - logged; the next round tries again
                log.exception("Rattrapage de l'index de recherche %s", self.chemin)
            self._arret.wait(self.intervalle)

    def tour(self) -> Bilan:
        """One round: catch up, then the occasional signal, pruning and lease check."""
        bilan = rattraper(self.engine, self.chemin)
        if self.ecriture_refusee:
            return bilan
        try:
            if not bilan.occupe:
                self._signaler(bilan.sequence)
            self._entretien()
        except DBAPIError:  # a read-only replica: the index still follows, nothing is recorded
            if not self.ecriture_refusee:
                log.warning("Base en lecture seule pour le rattrapage de %s : le nœud n'est pas "
                            "inscrit dans index_noeud, le journal n'est pas élagué d'ici",
                            self.chemin, exc_info=True)
            self.ecriture_refusee = True
        return bilan

    def _signaler(self, sequence: int) -> None:
        derniere, quand = self._signale
        if sequence == derniere and time.monotonic() - quand < self.SIGNAL_S:
            return
        idx = index_de(self.chemin)
        with Session(self.engine) as session:
            journal.signaler_noeud(session, idx.suivi.noeud, sequence,
                                   f"{socket.gethostname()}:{self.chemin}")
        self._signale = (sequence, time.monotonic())

    def _entretien(self) -> None:
        if time.monotonic() - self._baux > self.BAUX_S:
            self._baux = time.monotonic()
            with Session(self.engine) as session:
                baux.marquer_interrompus(session)
        if time.monotonic() - self._elague < self.ELAGAGE_S:
            return
        self._elague = time.monotonic()
        with Session(self.engine) as session:
            supprimes = journal.elaguer(session, self.retention)
        if supprimes:
            log.info("Journal des changements : %d lignes élaguées", supprimes)


_SUIVEURS: dict[int, Suiveur] = {}
_VERROU = threading.Lock()


def suiveur(app: Flask) -> Suiveur | None:
    return _SUIVEURS.get(id(app))


def demarrer(app: Flask) -> Suiveur | None:
    """Start the app's follower in this process, once (after a fork, again in the child)."""
    intervalle = float(app.config["RATTRAPAGE_INTERVALLE"])
    if intervalle <= 0:
        return None
    with _VERROU:
        actuel = _SUIVEURS.get(id(app))
        if actuel is not None and actuel.pid == os.getpid():
            return actuel
        nouveau = Suiveur(app.extensions["catalogue.engine"], app.config["SEARCH_INDEX_DIR"],
                          intervalle, timedelta(days=float(app.config["JOURNAL_RETENTION_JOURS"])))
        _SUIVEURS[id(app)] = nouveau
    nouveau.demarrer()
    return nouveau


def arreter(app: Flask) -> None:
    actuel = _SUIVEURS.pop(id(app), None)
    if actuel is not None:
        actuel.arreter()


def arreter_tous() -> int:
    """Stop every follower of this process (apps being torn down); how many were running."""
    with _VERROU:
        suiveurs = list(_SUIVEURS.values())
        _SUIVEURS.clear()
    for s in suiveurs:
        s.arreter()
    return len(suiveurs)


def init_app(app: Flask) -> None:
    app.before_request(lambda: _demarrer_une_fois(app))


def _demarrer_une_fois(app: Flask) -> None:
    actuel = _SUIVEURS.get(id(app))
    if actuel is None or actuel.pid != os.getpid():
        demarrer(app)
