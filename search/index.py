"""`Index`: the search index in a directory — write it, read it, keep readers up to date.

Lifecycle:
- `rebuild(docs)` writes every offer into one new segment and commits it in place of all the
  others (Whoosh's `CLEAR` merge policy): readers switch to it atomically at their next search.
- `upsert(docs)` / `delete(ids)` write a small segment and mark old versions deleted; then small
  segments are folded together in a commit of their own (`fusionner_petits_segments`), so that
  new documents never wait for a merge before readers see them.
- Writers take Whoosh's lock file, so several processes can write; a writer waits up to `attente`
  seconds, then raises `IndexVerrouille` (the caller logs it; `check` repairs later).

Readers: every `search` lists the directory for the latest generation (one `listdir`, ~20 µs).
If it changed — another process committed — the new table of contents is read, segments already
in memory are kept, new ones are loaded (`segments.construire`), and deletions become bit masks.
So a server process sees other processes' commits at its next search, with no restart and no
reload of the big segment.

Following a change journal (the catalogue's): the folder keeps, in `suivi.json`, its node id and
the last journal sequence whose changes it holds (`sequence`, `noter_sequence`). It is written
*after* the index commit that applied them, so a crash leaves it behind, never ahead (changes are
applied again, which is harmless). `rattrapage()` is the folder's catch-up lock: one process at a
time catches up, the others skip their turn.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError
from whoosh.reading import SegmentReader
from whoosh.util import random_name
from whoosh.writing import CLEAR

from search import bits, documents, moteur, schema, segments
from search.ecriture import EcrivainRapide, a_fusionner, fusion_petits_segments, sans_fusion
from search.requete import Requete, Resultat

journal = logging.getLogger(__name__)
_NOM = "MAIN"  # Whoosh's default index name: files are _MAIN_<gen>.toc, MAIN_<segid>.*
_SUIVI = "suivi.json"  # node id and last journal sequence applied
_VERROU_RATTRAPAGE = "rattrapage.lock"


class IndexVerrouille(RuntimeError):
    """Another writer held the index longer than we were ready to wait."""


class Index:
    """A search index in a directory. Thread-safe; several processes may open the same one."""

    def __init__(self, chemin: Path, ix: Any) -> None:
        self.chemin = chemin
        self._ix = ix
        self._stockage: FileStorage = ix.storage
        self._verrou = threading.Lock()
        self._vue: moteur.Vue | None = None
        self._memoire: dict[str, segments.Segment] = {}
        self.suivi = SuiviJournal(chemin)

    @classmethod
    def open(cls, path: str | os.PathLike[str], create: bool = True) -> Index:
        """Open the index in `path`; with `create`, make an empty one if there is none."""
        chemin = Path(path)
        if not whoosh_index.exists_in(chemin):
            if not create:
                raise FileNotFoundError(f"Pas d'index de recherche dans {chemin}")
            _creer(chemin)
        return cls(chemin, Stockage(str(chemin)).open_index())

    # --- writing -----------------------------------------------------------------------------

    def rebuild(self, docs: Iterable[Mapping[str, Any]], attente: float = 60.0) -> int:
        """Replace the whole content with `docs`; returns how many were indexed.

        A later duplicate of an id is ignored (and logged): an offer is indexed once."""
        vus: set[str] = set()
        ecrivain = self._ecrivain(attente)
        try:
            for doc in docs:
                champs = documents.champs(doc)
                if champs.id in vus:
                    journal.warning("reindex : id en double ignoré « %s »", champs.id)
                    continue
                vus.add(champs.id)
                ecrivain.ajouter(champs)
            ecrivain.commit(mergetype=CLEAR)
        except BaseException:
            ecrivain.cancel()
            raise
        return len(vus)

    def upsert(self, docs: Iterable[Mapping[str, Any]], attente: float = 10.0) -> int:
        """Add or replace offers (by id; the last of duplicates wins). Returns how many."""
        par_id = {c.id: c for c in (documents.champs(doc) for doc in docs)}
        if not par_id:
            return 0
        ecrivain = self._ecrivain(attente)
        try:
            chercheur = ecrivain.searcher()
            for id_, champs in par_id.items():
                ecrivain.delete_by_term("id", id_, searcher=chercheur)
                ecrivain.ajouter(champs)
            ecrivain.commit(mergetype=sans_fusion)
        except BaseException:
            ecrivain.cancel()
            raise
        self.fusionner_petits_segments(ecrivain.newsegment.segid)
        return len(par_id)

    def en_masse(self, par_commit: int = 25_000, attente: float = 10.0) -> EcritureEnMasse:
        """A writer for a long stream of upserts (an import): see `EcritureEnMasse`."""
        return EcritureEnMasse(self, par_commit, attente)

    def delete(self, ids: Iterable[str], attente: float = 10.0) -> int:
        """Remove offers by id; returns how many documents were deleted (unknown ids: 0)."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        ecrivain = self._ecrivain(attente)
        try:
            chercheur = ecrivain.searcher()
            supprimes = sum(ecrivain.delete_by_term("id", i, searcher=chercheur) for i in ids)
            ecrivain.commit(mergetype=sans_fusion)
        except BaseException:
            ecrivain.cancel()
            raise
        self.fusionner_petits_segments()
        return supprimes

    def fusionner_petits_segments(self, nouveau: str | None = None) -> int | None:
        """Fold the small segments together (`ecriture.a_fusionner`) in a commit of their own.

        Writers commit their documents first and fold afterwards: merging a few thousand documents
        costs a second of CPU (more on a loaded machine), which new documents used to wait for
        before any reader saw them. Readers keep the old segments until this commit. Skipped when
        another writer holds the index (its own commit folds them) or when nothing is small;
        a failure is logged, never raised: the documents are already committed. `nouveau`: the
        segment the caller has just committed (see `ecriture.a_fusionner`). Returns the generation
        committed, or None."""
        if not a_fusionner(_lire_toc(self._stockage).segments, nouveau):
            return None  # the usual case: no lock taken, no writer opened
        try:
            ecrivain = self._ecrivain(0.0)
        except IndexVerrouille:
            return None
        try:
            if not a_fusionner(ecrivain.segments, nouveau):  # another writer folded meanwhile
                ecrivain.cancel()
                return None
            ecrivain.commit(mergetype=functools.partial(fusion_petits_segments, nouveau=nouveau))
        except Exception:  # noqa: BLE001 - the next writer's fold tries again
            journal.exception("Index de recherche %s : fusion des petits segments impossible",
                              self.chemin)
            with contextlib.suppress(Exception):
                ecrivain.cancel()
            return None
        return int(ecrivain.generation)

    def _ecrivain(self, attente: float) -> EcrivainRapide:
        try:
            return EcrivainRapide(self._ix, timeout=attente)
        except LockError:
            raise IndexVerrouille(
                f"Index de recherche {self.chemin} occupé par un autre écrivain depuis plus de "
                f"{attente:.0f} s"
            ) from None

    # --- reading -----------------------------------------------------------------------------

    def search(self, req: Requete) -> Resultat:
        """Run a search on the latest committed generation (see `moteur` for the semantics)."""
        return moteur.rechercher(self.vue(), req)

    def versions(self) -> dict[str, str]:
        """id -> version of every live document, whatever its statut (for `check`)."""
        resultat: dict[str, str] = {}
        for seg, vivants in self.vue().segments:
            for d in bits.indices(vivants, seg.n):
                resultat[seg.ids[d]] = seg.versions[d]
        return resultat

    def nombre_segments(self) -> int:
        """How many segments the index has (imports add one per chunk; a rebuild leaves one),
        read from the table of contents: counting them loads none of them (the advice at the end
        of `catalogue import` loaded all 100,000 offers for it, about 1.5 s of CPU per import)."""
        return len(_lire_toc(self._stockage).segments)

    def __len__(self) -> int:
        """Live documents, every statut."""
        return sum(bits.compter(vivants) for _, vivants in self.vue().segments)

    @property
    def generation(self) -> int:
        return int(TOC._latest_generation(self._stockage, _NOM))

    def vue(self) -> moteur.Vue:
        """The latest committed generation, as columns in memory (cheap when unchanged)."""
        vue = self._vue
        if vue is not None and vue.generation == self.generation:
            return vue
        with self._verrou:
            if self._vue is None or self._vue.generation != self.generation:
                self._vue = self._charger(_lire_toc(self._stockage), self._vue)
            return self._vue

    def _charger(self, toc: TOC, precedente: moteur.Vue | None) -> moteur.Vue:
        memoire = {}
        vue = []
        for segment in toc.segments:
            seg = self._memoire.get(segment.segid)
            if seg is None:
                seg = self._construire(toc, segment)
            memoire[segment.segid] = seg
            vue.append((seg, segments.vivants(seg.n, segment.deleted_docs())))
        self._memoire = memoire
        return moteur.Vue.de(toc.generation, vue, precedente)

    def _construire(self, toc: TOC, segment: Any) -> segments.Segment:
        lecteur = SegmentReader(self._stockage, toc.schema, segment, toc.generation)
        lignes = lecteur.column_reader("lignes", translate=False).toutes()
        return segments.construire(segment.segid, lignes, lecteur)


class SuiviJournal:
    """The folder's place in a change journal: `suivi.json` (see the module docstring)."""

    def __init__(self, chemin: Path) -> None:
        self._fichier = chemin / _SUIVI
        self._verrou = chemin / _VERROU_RATTRAPAGE

    def _lire(self) -> dict[str, Any]:
        try:
            contenu = json.loads(self._fichier.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return contenu if isinstance(contenu, dict) else {}

    @property
    def sequence(self) -> int | None:
        """The last journal sequence applied, None when never recorded (new or older folder)."""
        valeur = self._lire().get("sequence")
        return valeur if isinstance(valeur, int) else None

    @property
    def noeud(self) -> str:
        """This folder's id among the indexes following the journal (made once)."""
        noeud = self._lire().get("noeud")
        if not isinstance(noeud, str):
            noeud = uuid.uuid4().hex
            self._ecrire({**self._lire(), "noeud": noeud})
        return noeud

    def noter_sequence(self, sequence: int) -> None:
        """Record that every change up to `sequence` is in the index (call after its commit)."""
        self._ecrire({"noeud": self.noeud, "sequence": sequence})

    def oublier(self) -> None:
        """Forget the position (the folder will be rebuilt)."""
        self._ecrire({"noeud": self.noeud})

    def _ecrire(self, contenu: dict[str, Any]) -> None:
        provisoire = self._fichier.with_name(f"{_SUIVI}.{os.getpid()}.{threading.get_ident()}")
        provisoire.write_text(json.dumps(contenu), encoding="utf-8")
        os.replace(provisoire, self._fichier)

    @contextlib.contextmanager
    def rattrapage(self) -> Iterator[bool]:
        """Hold the folder's catch-up lock if free: yields True when held, False when another
        process (or thread) is catching up. Released by the system if the process dies."""
        with open(self._verrou, "a+b") as fichier:
            try:
                fcntl.flock(fichier, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fichier, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def ecriture_suivie(self) -> Iterator[None]:
        """Held by a writer that pushes its own changes to this folder (an import) for as long
        as it writes: catch-up rounds find the folder busy meanwhile (`rattrapage` yields False),
        so a serving process does not index, at the server's priority, the rows the writer commits
        to the database before pushing them itself; the round after it compares versions and
        applies the rest. Several writers may hold it together (a shared lock); taking it waits
        only for a round in progress. Released by the system if the process dies."""
        with open(self._verrou, "a+b") as fichier:
            fcntl.flock(fichier, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(fichier, fcntl.LOCK_UN)


class EcritureEnMasse:
    """Upserts fed as they come, committed every `par_commit` documents and at `terminer`.

    An import hands each committed batch here: the postings pile up in the writer's compact arrays
    (not as analysed dicts), the lock is held only while a chunk is being written, and each commit
    makes one big segment (never the slow merge path). Documents may come with their `Analyse`
    already done (import workers compute it)."""

    #: a chunk is also committed after this many seconds, so that other writers (a hand edit
    #: during an import) never wait for the lock longer than that
    DUREE_MAX_S = 5.0

    def __init__(self, index: Index, par_commit: int, attente: float) -> None:
        self._index = index
        self._ouvert_a = 0.0
        self._par_commit = par_commit
        self._attente = attente
        self._ecrivain: EcrivainRapide | None = None
        self._chercheur: Any = None
        self._en_cours = 0
        self.ecrits = 0
        #: ids that may have a document in the index, and the generation that set describes:
        #: a set lookup per document, where the reader would look in every segment in turn
        self._ids: set[str] = set()
        self._generation_connue = -1

    def ajouter(self, doc: Mapping[str, Any], prealable: documents.Analyse | None = None) -> None:
        champs = documents.champs(doc, prealable)
        ecrivain = self._ecrivain if self._ecrivain is not None else self._ouvrir()
        if champs.id in self._ids:  # most ids of an import are new
            ecrivain.delete_by_term("id", champs.id, searcher=self._chercheur)
        self._ids.add(champs.id)
        ecrivain.ajouter(champs)
        self._en_cours += 1
        if (self._en_cours >= self._par_commit
                or time.monotonic() - self._ouvert_a > self.DUREE_MAX_S):
            self._valider()

    def _ouvrir(self) -> EcrivainRapide:
        ecrivain = self._ecrivain = self._index._ecrivain(self._attente)
        self._chercheur = ecrivain.searcher()
        self._ouvert_a = time.monotonic()
        if ecrivain.generation - 1 != self._generation_connue:  # first chunk, or another writer
            self._ids = set(self._chercheur.reader().field_terms("id"))
        self._generation_connue = ecrivain.generation
        return ecrivain

    def supprimer(self, ids: Iterable[str]) -> None:
        """Removals wait for no chunk: they are rare (offers gone from the database)."""
        self._valider()
        self._index.delete(ids, self._attente)

    def terminer(self) -> int:
        """Commit what is pending; returns how many documents were written in all."""
        self._valider()
        return self.ecrits

    def annuler(self) -> None:
        if self._ecrivain is not None:
            self._ecrivain.cancel()
        self._ecrivain, self._en_cours = None, 0

    def _valider(self) -> None:
        if self._ecrivain is None:
            return
        nouveau = self._ecrivain.newsegment.segid
        try:
            self._ecrivain.commit(mergetype=sans_fusion)
        except BaseException:
            self.annuler()
            raise
        self.ecrits += self._en_cours
        self._ecrivain, self._en_cours = None, 0
        fusion = self._index.fusionner_petits_segments(nouveau)
        if fusion is not None:  # a merge keeps the set of ids: no need to read them again
            self._generation_connue = fusion


class Stockage(FileStorage):
    """Whoosh's `FileStorage`, but making a temporary folder that already exists without an
    exception. Every segment writer asks twice for the same one (`MAIN.tmp`), and Whoosh's
    `create` keeps the `FileExistsError` in a local variable: a reference cycle through the
    traceback that held the whole call stack, hence the finished segment writer and all its postings,
    until the garbage collector ran (most of an import's cyclic garbage)."""

    def temp_storage(self, name: str | None = None) -> FileStorage:
        chemin = os.path.join(self.folder, name or f"{random_name()}.tmp")
        os.makedirs(chemin, exist_ok=True)
        return FileStorage(chemin)


def _creer(chemin: Path) -> None:
    """Create an empty index, once even if several processes try at the same time."""
    chemin.mkdir(parents=True, exist_ok=True)
    stockage = FileStorage(str(chemin))
    verrou = stockage.lock(f"{_NOM}_WRITELOCK")
    debut = time.monotonic()
    while not verrou.acquire(blocking=False):
        if time.monotonic() - debut > 30:
            raise IndexVerrouille(f"Impossible de créer l'index dans {chemin} (verrou)")
        time.sleep(0.05)
    try:
        if not whoosh_index.exists_in(chemin):
            whoosh_index.create_in(chemin, schema.creer())
    finally:
        verrou.release()


def _lire_toc(stockage: FileStorage) -> TOC:
    """The latest table of contents; retried when a writer removes it as we open it."""
    for essai in range(20):
        try:
            return TOC.read(stockage, _NOM)
        except OSError:
            if essai == 19:
                raise
            time.sleep(0.02)
    raise AssertionError("unreachable")
