"""The importer template: the base class owns the loop, errors, timing, status and the report.

A subclass only says which files it reads (`reconnait`) and yields `Enregistrement`s: one per input
record, with where it stands in the file as a person would say it ("services.csv, ligne 12"), the raw
record, and any reading problem. The run then, for every record:

1. validates it with `catalogue.validation` (the same rules as the curation forms);
2. rejects a repeated id within the run and a service whose structure is unknown;
3. writes batches through `catalogue.services` (never the tables directly), then stores the batch's
   per-record outcomes and commits, so a crash keeps everything up to the last batch *and* its report.

A write error in a batch rolls the batch back and replays it one record at a time, so one bad record
never takes its neighbours with it. In review mode (`revue`, the default of `catalogue import`),
new offers arrive as drafts and changes to published offers wait in the review queue; a change to a
hand-edited record always does (`catalogue.curation.moderation`). Any other failure stops the
run: what was written stays, the run is marked `failed` and its message says where it stopped.
`dry_run` does everything but write.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import signal
import tempfile
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from catalogue import baux, services
from catalogue.formats import compte, nombre
from catalogue.insertion import inserer
from catalogue.json_colonnes import json_serialiser
from catalogue.models import ImportItem, ImportRun, RunStatut, Statut, maintenant
from catalogue.ramasse_miettes import collecter_les_jeunes, sans_ramasse_miettes
from catalogue.recherche import (
    analyse_prealable,
    index_differe_pendant,
    synchroniser_en_attente,
)
from catalogue.validation import Probleme, Resultat, valider_service, valider_structure

STRUCTURE, SERVICE = "structure", "service"
REJECTED = "rejected"
#: packets sent to validation ahead of the one being written: the writer never waits for a
#: worker that is only momentarily slower, and the workers keep busy while the writer commits the
#: search index (about a second every few seconds; with 2 packets ahead they ran dry and a core
#: sat idle, seen with `vmstat` during `bench/import.py`)
_AVANCE = 6
#: `nice` increment of the validation workers
_PRIORITE_OUVRIERS = 5


LIBELLES_STATUT = {"done": "terminé", "done-errors": "terminé avec rejets", "failed": "en échec",
                   "en-cours": "en cours", "interrupted": "interrompu"}


class ImportRefuse(Exception):
    """The files cannot be imported at all (unknown format, unreadable file): said in French."""


@dataclass
class Enregistrement:
    """One input record as read, before validation."""

    kind: str
    lieu: str
    donnees: dict[str, Any] | None
    erreurs: list[Probleme] = field(default_factory=list)
    avertissements: list[Probleme] = field(default_factory=list)


@dataclass
class Issue:
    """The outcome of one input record; one per record read, nothing unaccounted for."""

    position: int
    kind: str
    record_id: str | None
    lieu: str
    status: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.record_id, "lieu": self.lieu, "status": self.status,
                "errors": self.errors, "warnings": self.warnings}


class Importer(ABC):
    """Base of every importer. Subclasses set `format`, `description` and implement two methods."""

    format: ClassVar[str]
    description: ClassVar[str]
    #: publication status given to new offers (convention fiches arrive as drafts)
    statut_initial: ClassVar[str] = Statut.PUBLIEE.value

    def __init__(self, chemins: list[Path]) -> None:
        self.chemins = [Path(c) for c in chemins]
        #: file-level notes for the report (encoding guessed, separator, unknown columns…)
        self.messages: list[str] = []

    @classmethod
    @abstractmethod
    def reconnait(cls, chemin: Path) -> bool:
        """Whether this importer reads that file (used when no format is given)."""

    @abstractmethod
    def enregistrements(self) -> Iterator[Enregistrement]:
        """Every record of the files, structures before the services that use them."""


Progression = Callable[[int], None]


@dataclass
class Rapport:
    """What a run did: the run row (as a dict) and one issue per input record — in `items` for
    library callers, or spooled on disk (`garder=False`, the command line) and copied by
    `ecrire` into the report file."""

    run: dict[str, Any]
    items: list[Issue]
    bobine: IO[str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"run": self.run, "items": [json.loads(ligne) for ligne in self._lignes()]}

    def ecrire(self, chemin: Path) -> None:
        """The report as JSON `{"run": …, "items": [...]}`, written item by item."""
        with chemin.open("w", encoding="utf-8") as f:
            f.write('{"run": ' + json.dumps(self.run, ensure_ascii=False) + ',\n "items": [')
            for n, ligne in enumerate(self._lignes()):
                f.write(("\n  " if n == 0 else ",\n  ") + ligne)
            f.write("\n ]}\n")

    def _lignes(self) -> Iterator[str]:
        if self.bobine is None:
            yield from (json.dumps(i.as_dict(), ensure_ascii=False) for i in self.items)
            return
        self.bobine.seek(0)
        yield from (ligne.rstrip("\n") for ligne in self.bobine)

    def resume(self) -> str:
        c = self.run["compteurs"]
        prefixe = "Import à blanc (rien n'a été écrit)" if self.run["dry_run"] else "Import"
        statut = LIBELLES_STATUT.get(self.run["statut"], self.run["statut"])
        parties = [compte(c.get("total", 0), "enregistrement"), compte(c.get("created", 0), "créé"),
                   f"{nombre(c.get('updated', 0))} mis à jour",
                   compte(c.get("unchanged", 0), "inchangé"), compte(c.get("rejected", 0), "rejeté")]
        if c.get("pending"):
            parties.append(f"{nombre(c['pending'])} en attente de revue")
        parties.append(f"{nombre(c.get('warned', 0))} avec avertissements")
        ligne = (f"{prefixe} {statut} : {', '.join(parties)}, "
                 f"en {nombre(self.run['duree_s'], 1)} s.")
        if self.run.get("message"):
            ligne += f" {self.run['message']}"
        return ligne


class Journal:
    """The per-record report as the run goes. A record's outcome is final once its batch is
    written; outcomes are then counted and handed on in input order — kept in a list for library
    callers (`garder`), else spooled to a temporary file (JSON Lines) that `Rapport.ecrire`
    copies into the report file. The run thus holds the outcomes of one batch at most, whatever
    the size of the file (`bench/import_memoire.py`)."""

    def __init__(self, garder: bool) -> None:
        self.compteurs: dict[str, int] = {"total": 0}
        self.avertis = 0
        self.lus = 0
        self.dernier_lu: str | None = None
        self.dernier_accepte: str | None = None
        #: read, outcome not final yet (their batch is not written), in input order
        self.en_cours: list[Issue] = []
        self.gardes: list[Issue] = []
        self.garder = garder
        self.bobine: IO[str] | None = None if garder else tempfile.TemporaryFile(
            "w+", encoding="utf-8")

    def lire(self, issue: Issue) -> None:
        self.lus += 1
        self.dernier_lu = issue.lieu
        self.en_cours.append(issue)

    def publier(self) -> None:
        """The outcomes read so far are final: count them and hand them on."""
        faits, self.en_cours = self.en_cours, []
        for i in faits:
            self._compter(i)
        if self.bobine is None:
            self.gardes += faits
        else:
            self.bobine.writelines(json.dumps(i.as_dict(), ensure_ascii=False) + "\n"
                                   for i in faits)

    def _compter(self, i: Issue) -> None:
        c = self.compteurs
        c["total"] += 1
        c[i.status] = c.get(i.status, 0) + 1
        c[f"{i.kind}s"] = c.get(f"{i.kind}s", 0) + 1
        self.avertis += bool(i.warnings)
        if i.status != REJECTED:
            self.dernier_accepte = i.lieu

    def bilan(self) -> dict[str, int]:
        return {**self.compteurs, "warned": self.avertis}


class Execution:
    """One run of an importer against a database."""

    def __init__(self, importer: Importer, engine: Engine, *, dry_run: bool = False,
                 taille_lot: int = 500, progression: Progression | None = None,
                 processus: int = 1, revue: bool = False,
                 bail_s: float = baux.DUREE_BAIL_S, garder: bool = True) -> None:
        self.importer = importer
        self.bail_s = bail_s
        self._bail_renouvele = float("-inf")
        #: review mode (`catalogue import` without `--publier`): see `catalogue.curation.moderation`
        self.revue = revue
        self.processus = processus
        self.engine = engine
        self.dry_run = dry_run
        self.taille_lot = taille_lot
        self.progression = progression or (lambda _n: None)
        self.journal = Journal(garder)
        #: rejected records not stored yet (stored with the next batch)
        self.rejets: list[Issue] = []
        #: kind -> id -> its position in the run (no object for the garbage collector to walk)
        self.ids_vus: dict[str, dict[str, int]] = {STRUCTURE: {}, SERVICE: {}}
        self.structures_du_run: set[str] = set()
        self.structures_base: set[str] = set()
        self.lot: list[tuple[Issue, services.AEcrire]] = []
        self.index_synchronise = 0
        self.run = ImportRun(format=importer.format, dry_run=dry_run,
                             fichiers=[str(c) for c in importer.chemins])

    # -- the loop -------------------------------------------------------------------------------

    def executer(self) -> Rapport:
        debut = time.perf_counter()
        with Session(self.engine, expire_on_commit=False) as session, _validateur(
                self.processus) as valider, sans_ramasse_miettes(), \
                index_differe_pendant(session):
            self.session = session
            self._ouvrir()
            try:
                self._boucle(valider)
                self._vider_lot()
                self._clore(None)
            except Exception as exc:  # noqa: BLE001 - any failure ends the run, reported
                session.rollback()
                self._clore(exc)
            finally:
                self.index_synchronise = synchroniser_en_attente(session)
        return self._rapport(time.perf_counter() - debut)

    def _boucle(self, valider: Validateur) -> None:
        """Records go by packets: while this process writes one packet, a worker validates the
        next (with `processus` > 1). A reading error still lets the records read before it
        through, then stops the run."""
        en_vol: EnVol = deque()
        paquets = _paquets(self.importer.enregistrements(), self.taille_lot)
        erreur: Exception | None = None
        while True:
            try:
                paquet: list[Enregistrement] | None = next(paquets)
            except StopIteration:
                paquet = None
            except Exception as exc:  # noqa: BLE001 - re-raised once what came before is done
                paquet, erreur = None, exc
            if paquet:
                en_vol.append((paquet, valider(paquet)))
            while en_vol and (len(en_vol) > _AVANCE or paquet is None):
                lus, futur = en_vol.popleft()
                for e, resultat in zip(lus, _attendre(lus, futur, en_vol), strict=True):
                    self._traiter(e, resultat)
            if paquet is None:
                break
        if erreur is not None:
            raise erreur

    def _traiter(self, e: Enregistrement, resultat: Resultat | None) -> None:
        issue = Issue(self.journal.lus + 1, e.kind, _id_de(e.donnees), e.lieu, REJECTED,
                      warnings=[p.as_dict() for p in e.avertissements])
        self.journal.lire(issue)
        a_ecrire = self._accepter(e, resultat, issue)
        if a_ecrire is None:
            self._noter_rejet(issue)
        else:
            self.lot.append((issue, a_ecrire))
        if len(self.journal.en_cours) >= self.taille_lot:  # a batch, rejections included
            self._vider_lot()
        self.progression(1)

    # -- per record checks -----------------------------------------------------------------------

    def _accepter(self, e: Enregistrement, resultat: Resultat | None,
                  issue: Issue) -> services.AEcrire | None:
        if resultat is None or e.donnees is None:
            issue.errors = [p.as_dict() for p in e.erreurs] or [
                {"field": None, "value": None, "message": "Enregistrement illisible."}]
            return None
        issue.warnings += [p.as_dict() for p in resultat.avertissements]
        if not resultat.valide or resultat.donnees is None:
            issue.errors = [p.as_dict() for p in resultat.erreurs]
            return None
        donnees = resultat.donnees
        refus = self._doublon(e, donnees["id"]) or self._structure_inconnue(e, donnees)
        if refus:
            issue.errors = [refus.as_dict()]
            return None
        if e.kind == STRUCTURE:
            self.structures_du_run.add(donnees["id"])
        return services.AEcrire(donnees, e.donnees, resultat.qualite, resultat.empreinte,
                                brut_json=resultat.brut_json, analyse=resultat.analyse)

    def _doublon(self, e: Enregistrement, ident: str) -> Probleme | None:
        vus = self.ids_vus.setdefault(e.kind, {})
        deja = vus.get(ident)
        if deja is not None:
            return Probleme("id", ident, f"Identifiant en double dans cet import : déjà lu "
                            f"(enregistrement n° {deja}). Cet enregistrement est ignoré, le "
                            "premier est gardé.")
        vus[ident] = self.journal.lus
        return None

    def _structure_inconnue(self, e: Enregistrement, donnees: dict[str, Any]) -> Probleme | None:
        if e.kind != SERVICE:
            return None
        sid = donnees["structure_id"]
        if sid in self.structures_du_run or sid in self.structures_base:
            return None
        if services.structures_connues(self.session, [sid]):
            self.structures_base.add(sid)
            return None
        return Probleme("structure_id", sid, f"Structure « {sid} » inconnue : ni dans le "
                        "catalogue, ni dans les structures valides de cet import.")

    # -- batches ---------------------------------------------------------------------------------

    def _vider_lot(self) -> None:
        """Write the batch, store the rejections read with it, and hand the outcomes on."""
        lot, self.lot = self.lot, []
        if len(lot) == 1:
            self._vider_un(lot[0])
        elif lot:
            try:
                self._ecrire(lot)
            except Exception:  # noqa: BLE001 - isolate the record that the database refused
                self.session.rollback()
                for element in lot:
                    self._vider_un(element)
        self._stocker_rejets()
        self.journal.publier()
        collecter_les_jeunes()  # also when every record of the batch was rejected

    def _vider_un(self, element: tuple[Issue, services.AEcrire]) -> None:
        try:
            self._ecrire([element])
        except Exception as exc:  # noqa: BLE001
            self.session.rollback()
            self._refus_base(element[0], exc)

    def _refus_base(self, issue: Issue, exc: Exception) -> None:
        issue.status = REJECTED
        issue.errors = [{"field": None, "value": None,
                         "message": f"Refusé par la base de données : {_premiere_ligne(exc)}"}]
        self._noter_rejet(issue)

    def _ecrire(self, lot: list[tuple[Issue, services.AEcrire]]) -> None:
        structures = [(i, a) for i, a in lot if i.kind == STRUCTURE]
        offres = [(i, a) for i, a in lot if i.kind == SERVICE]
        for groupe, ecrire in ((structures, self._ecrire_structures), (offres, self._ecrire_offres)):
            if groupe:
                statuts = ecrire([a for _, a in groupe])
                for (issue, _), statut in zip(groupe, statuts, strict=True):
                    issue.status = statut
        if self.dry_run:
            return
        self._stocker_items([i for i, _ in lot])
        self._renouveler_bail()
        self.session.commit()

    def _ecrire_structures(self, lot: list[services.AEcrire]) -> list[str]:
        return services.enregistrer_structures(self.session, lot, simuler=self.dry_run,
                                               run_id=self.run.id)

    def _ecrire_offres(self, lot: list[services.AEcrire]) -> list[str]:
        return services.enregistrer_offres(self.session, lot, self.importer.statut_initial,
                                          simuler=self.dry_run, run_id=self.run.id,
                                          revue=self.revue)

    def _noter_rejet(self, issue: Issue) -> None:
        """Rejected records are stored with their batch (`_stocker_rejets`)."""
        if not self.dry_run:
            self.rejets.append(issue)

    def _stocker_rejets(self) -> None:
        rejets, self.rejets = self.rejets, []
        if rejets:
            self._stocker_items(rejets)
            self._renouveler_bail()
            self.session.commit()

    def _stocker_items(self, issues: list[Issue]) -> None:
        lignes = [{"run_id": self.run.id, "position": i.position, "kind": i.kind,
                   "record_id": (i.record_id or "")[:250] or None, "lieu": i.lieu[:300],
                   "status": i.status, "errors": i.errors, "warnings": i.warnings}
                  for i in issues]
        inserer(self.session, ImportItem, lignes)

    # -- run row ---------------------------------------------------------------------------------

    def _ouvrir(self) -> None:
        if self.dry_run:
            return
        self.run.proprietaire = baux.proprietaire()
        self._renouveler_bail()
        self.session.add(self.run)
        self.session.commit()

    def _renouveler_bail(self) -> None:
        """The run is known alive for `bail_s` more seconds (written with the batch: one row
        update, at most every quarter of the lease)."""
        if time.monotonic() - self._bail_renouvele < self.bail_s / 4:
            return
        self._bail_renouvele = time.monotonic()
        self.run.bail_jusqu_a = baux.echeance(self.bail_s)
        self.session.add(self.run)

    def _clore(self, exc: Exception | None) -> None:
        self.run.fin = maintenant()
        if exc is not None:
            self.run.message = self._message_arret(exc)
            self._marquer_non_traites()
        self.journal.publier()
        self.run.compteurs = self.journal.bilan()
        if exc is not None:
            self.run.statut = RunStatut.FAILED.value
        elif self.run.compteurs.get(REJECTED):
            self.run.statut = RunStatut.DONE_ERRORS.value
        else:
            self.run.statut = RunStatut.DONE.value
        if not self.dry_run:
            self.session.add(self.run)
            self.session.commit()

    def _marquer_non_traites(self) -> None:
        """Records read but not written when the run stopped say so in the report."""
        for issue, _ in self.lot:
            issue.status = REJECTED
        for issue in self.journal.en_cours:
            if issue.status == REJECTED and not issue.errors:
                issue.errors = [{"field": None, "value": None, "message": "Non écrit : l'import "
                                 "s'est arrêté avant d'enregistrer ce lot (voir le message)."}]

    def _message_arret(self, exc: Exception) -> str:
        j = self.journal
        return (f"Arrêt sur erreur après {j.lus} enregistrements lus "
                f"({_premiere_ligne(exc)}). Dernier enregistrement lu : "
                f"{j.dernier_lu or 'aucun'} ; dernier accepté : {j.dernier_accepte or 'aucun'}. "
                "Le lot en cours n'a pas été écrit ; le catalogue garde les lots précédents.")

    def _rapport(self, duree: float) -> Rapport:
        run = {
            "id": self.run.id, "format": self.run.format, "fichiers": self.run.fichiers,
            "dry_run": self.dry_run, "statut": self.run.statut,
            "debut": self.run.debut.isoformat(), "fin": self.run.fin.isoformat()
            if self.run.fin else None, "duree_s": round(duree, 3),
            "compteurs": self.run.compteurs, "message": self.run.message,
            "messages": list(self.importer.messages),
        }
        return Rapport(run, self.journal.gardes, self.journal.bobine)


# ------------------------------------------------------------------------------------------------
# Validation, in this process or in a worker


def valider_enregistrement(e: Enregistrement) -> Resultat | None:
    """Validate one record and, for a service, compute its quality score: pure, so it can run in
    a worker process. None for a record that could not even be read."""
    if e.erreurs or e.donnees is None:
        return None
    if e.kind == STRUCTURE:
        resultat = valider_structure(e.donnees)
    else:
        resultat = valider_service(e.donnees)
        if resultat.valide and resultat.donnees is not None:
            resultat.qualite = services.qualite(resultat.modele)
            resultat.analyse = analyse_prealable(resultat.donnees)
    if resultat.valide and resultat.donnees is not None:
        resultat.empreinte = services.empreinte(resultat.donnees)
        resultat.brut_json = json_serialiser(e.donnees)
    resultat.modele = None  # not needed any more, and heavy to send between processes
    return resultat


def _valider_paquet(paquet: list[Enregistrement]) -> list[Resultat | None]:
    """Validate a packet. Workers are forked with automatic collection off (like the writer):
    the cycles that rejected records leave (exceptions and their tracebacks) are collected
    here, or a file of rejects grows each worker by the file (`bench/import_memoire.py`)."""
    resultats = [valider_enregistrement(e) for e in paquet]
    collecter_les_jeunes()
    return resultats


Validateur = Callable[[list[Enregistrement]], "Future[list[Resultat | None]]"]
EnVol = deque[tuple[list[Enregistrement], "Future[list[Resultat | None]]"]]


def _valider_ici(paquet: list[Enregistrement]) -> Future[list[Resultat | None]]:
    """A packet validated in this process, as a finished future."""
    futur: Future[list[Resultat | None]] = Future()
    futur.set_result(_valider_paquet(paquet))
    return futur


def _attendre(paquet: list[Enregistrement], futur: Future[list[Resultat | None]],
              en_vol: EnVol) -> list[Resultat | None]:
    """The validation of `paquet`. While no worker has given it, the writer does not wait idle:
    it takes back a packet no worker has started (this one, else the last queued, a public
    `Future.cancel`) and validates it itself. On a busy machine the workers, which yield the CPU
    (`_ceder_au_redacteur`), got so little of it that a file of rejects took 3.5 ms a record,
    the writer waiting for them (`bench/import_memoire.py`, issue 17 point 10)."""
    if futur.cancel():
        return _valider_paquet(paquet)
    while not futur.done():
        repris = next((i for i in range(len(en_vol) - 1, -1, -1) if en_vol[i][1].cancel()), None)
        if repris is None:
            break
        en_vol[repris] = (en_vol[repris][0], _valider_ici(en_vol[repris][0]))
    return futur.result()


@contextmanager
def _validateur(processus: int) -> Iterator[Validateur]:
    """Validation in-process (a finished future), or in worker processes when `processus` > 1."""
    if processus <= 1:
        yield _valider_ici
        return
    contexte = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processus - 1, mp_context=contexte,
                             initializer=_initialiser_ouvrier, initargs=(os.getpid(),)) as pool:
        yield lambda paquet: pool.submit(_valider_paquet, paquet)


def _initialiser_ouvrier(parent: int) -> None:
    _mourir_avec_le_parent(parent)
    _ceder_au_redacteur()


def _mourir_avec_le_parent(parent: int) -> None:
    """Linux: the kernel kills the worker when the importing process dies, even by `kill -9`
    (no orphan left validating for nobody)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _ceder_au_redacteur() -> None:
    """Workers yield the CPU to the writing process: with more workers than free cores (they
    have the cores to themselves when records are unchanged), the writer never starves."""
    os.nice(_PRIORITE_OUVRIERS)


def _paquets(enregistrements: Iterator[Enregistrement],
             taille: int) -> Iterator[list[Enregistrement]]:
    """Packets of records; on a reading error, the partial packet comes out before the error."""
    paquet: list[Enregistrement] = []
    try:
        for e in enregistrements:
            paquet.append(e)
            if len(paquet) >= taille:
                yield paquet
                paquet = []
    except Exception:
        if paquet:
            yield paquet
        raise
    if paquet:
        yield paquet


def _id_de(donnees: dict[str, Any] | None) -> str | None:
    if not donnees:
        return None
    ident = donnees.get("id")
    return None if ident in (None, "") else str(ident)


def _premiere_ligne(exc: BaseException) -> str:
    texte = str(exc).strip().splitlines()
    return (texte[0] if texte else type(exc).__name__)[:300]


def importer(importeur: Importer, engine: Engine, **options: Any) -> Rapport:
    """Run an importer: the function the CLI, the upload page and the demo loader call."""
    return Execution(importeur, engine, **options).executer()
