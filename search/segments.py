"""One Whoosh segment held in memory as columns and bit sets (what a search actually reads).

A Whoosh segment never changes once written (deletions live in the table of contents), so
everything here is built once per segment and per process, then shared by every later generation
that still contains the segment — the way Lucene keeps per-segment caches. After an upsert a reader
builds only the small new segment; a rebuild of 100,000 offers costs about a second of loading on
the next search.

What is built from the `lignes` column (`documents.Ligne`):
- `facettes`: one row of bits per facet value, each row being *the documents that value would
  select as a filter* — so the same rows serve filters and counts. A `publics` row includes the
  `tous-publics` offers (data·inclusion semantics); a `freins` row holds the offers whose
  thématiques lift that frein (`freins_leves`, computed here, not stored in the index);
  `categories` rows are derived from thématiques (`categorie_de`);
- `zones`: zone code -> documents whose `zone_eligibilite` lists it (commune, EPCI, département,
  pays, `france`); `partout` (empty zone) and `a_distance` as bit sets;
- `lieux`: where the offer takes place (its commune, that commune's EPCI, département and région,
  from the territories module) for nearness ranking and the location filters;
- `sources`: producer -> documents; `doublons`: duplicate cluster -> documents;
- numbers: coordinates, weekly hours, quality score, text length. An offer without coordinates
  takes the centre of its commune (`code_insee`) and is marked in `position_estimee`; one with
  neither stays NaN (`sans_position`).

Text postings are read from Whoosh lazily, one term at a time, and cached (`PostingsTexte`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound

from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires
from search import bits
from search.documents import STATUTS, Ligne

HEURES = ("connues", "inconnues")
#: memory bounds of the per-segment caches, in bytes
CACHE_POSTINGS = 64 * 2**20
CACHE_ENSEMBLES = 16 * 2**20


@cache
def valeurs_facettes() -> dict[str, tuple[str, ...]]:
    """Every facet and its values, in display order (vocabularies from their owners)."""
    return {
        "freins": tuple(f.slug for f in ref_freins.FREINS),
        "categories": tuple(t.value for t in vocabulaires.CATEGORIES),
        "thematiques": tuple(t.value for t in vocabulaires.THEMATIQUES),
        "publics": tuple(t.value for t in vocabulaires.PUBLICS),
        "types": tuple(t.value for t in vocabulaires.TYPES),
        "frais": tuple(t.value for t in vocabulaires.FRAIS),
        "modes_accueil": tuple(t.value for t in vocabulaires.MODES_ACCUEIL),
        "heures": HEURES,
    }


@cache
def _rangs() -> dict[tuple[str, str], int]:
    """(facet, value) -> row number in `Segment.facettes`."""
    paires = [(f, v) for f, valeurs in valeurs_facettes().items() for v in valeurs]
    return {p: i for i, p in enumerate(paires)}


def rang(facette: str, valeur: str) -> int:
    return _rangs()[(facette, valeur)]


def rangs_de(facette: str) -> list[int]:
    return [_rangs()[(facette, v)] for v in valeurs_facettes()[facette]]


@cache
def _freins_de(thematiques: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ref_freins.freins_leves(list(thematiques)))


@cache
def _lieu(code_insee: str) -> tuple[tuple[str, ...], str | None, str | None, str | None]:
    """(commune codes, EPCI, département, région) of a place; an arrondissement is also its
    commune."""
    c = territoires.commune(code_insee)
    if c is None:
        return (code_insee,), None, None, None
    codes = (c.code, c.commune_parente) if c.commune_parente else (c.code,)
    return codes, c.epci, c.departement, c.region


class _Collecteur:
    """Document numbers gathered per key while the rows are read."""

    def __init__(self) -> None:
        self.listes: defaultdict[Any, list[int]] = defaultdict(list)

    def ajouter(self, cle: Any, docnum: int) -> None:
        self.listes[cle].append(docnum)

    def indices(self) -> dict[Any, npt.NDArray[np.int64]]:
        return {k: np.asarray(v, dtype=np.int64) for k, v in self.listes.items()}


@dataclass
class PostingsTerme:
    docnums: npt.NDArray[np.int32]
    poids: npt.NDArray[np.float32]
    bits: bits.Bits

    @property
    def taille(self) -> int:
        return int(self.docnums.nbytes + self.poids.nbytes + self.bits.nbytes)


#: what `Lru.get` answers for a key it does not hold
ABSENT = object()


class Lru:
    """A thread-safe least-recently-used cache bounded in bytes.

    A search touches a handful of terms and zones, but a long-running server sees many: the bound
    keeps the memory of a process flat (a common word of 100,000 offers weighs ~0.3 MB)."""

    def __init__(self, budget: int) -> None:
        self._valeurs: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._budget = budget
        self._taille = 0
        self._verrou = threading.Lock()

    def get(self, cle: Any) -> Any:
        """The cached value, or `ABSENT`."""
        with self._verrou:
            trouve = self._valeurs.get(cle)
            if trouve is None:
                return ABSENT
            self._valeurs.move_to_end(cle)
            return trouve[0]

    def put(self, cle: Any, valeur: Any, taille: int) -> None:
        with self._verrou:
            if cle in self._valeurs:
                return
            self._valeurs[cle] = (valeur, taille)
            self._taille += taille
            while self._taille > self._budget and len(self._valeurs) > 1:
                _, (_, t) = self._valeurs.popitem(last=False)
                self._taille -= t

    @property
    def taille(self) -> int:
        return self._taille


@dataclass
class Segment:
    """Columns of one segment (see module docstring). Immutable once built."""

    segid: str
    n: int
    ids: list[str]
    versions: list[str]
    statuts: dict[str, bits.Bits]
    facettes: npt.NDArray[np.uint64]
    zones: dict[str, npt.NDArray[np.int64]]
    partout: bits.Bits
    a_distance: bits.Bits
    lieux: dict[tuple[str, str], npt.NDArray[np.int64]]
    structures: dict[str, npt.NDArray[np.int64]]
    sources: dict[str, npt.NDArray[np.int64]]
    #: duplicate cluster key -> its documents (`Document.groupe_doublons`)
    doublons: dict[str, npt.NDArray[np.int64]]
    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    #: the position is the centre of the offer's commune (it has no coordinates of its own)
    position_estimee: bits.Bits
    sans_position: bits.Bits
    heures: npt.NDArray[np.float64]
    qualite: npt.NDArray[np.float64]
    longueur: npt.NDArray[np.float64]
    lecteur: Any = None  # the Whoosh SegmentReader postings are read from
    #: spelling dictionary (`orthographe.Dictionnaire`), built on first use
    dictionnaire: Any = None
    _cache_bits: Lru = field(default_factory=lambda: Lru(CACHE_ENSEMBLES))
    _cache_postings: Lru = field(default_factory=lambda: Lru(CACHE_POSTINGS))
    #: a Whoosh reader seeks in shared files: one reading at a time per segment
    _verrou: threading.Lock = field(default_factory=threading.Lock)
    #: values the engine derives from the columns, computed once (`derive`)
    _derives: dict[str, Any] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        """Document numbers in use, deleted ones included (`n`, but for a `fusion`)."""
        return self.n

    def derive(self, nom: str, calcul: Callable[[Segment], Any]) -> Any:
        """`calcul(self)`, computed on first use only: the segment never changes."""
        trouve = self._derives.get(nom)
        if trouve is None:
            trouve = self._derives.setdefault(nom, calcul(self))
        return trouve

    def ensemble(self, sorte: str, cle: str) -> bits.Bits:
        """Bits of a sparse set (`zone`, `commune`, `epci`, `departement`, `region`, `structure`,
        `source`), cached."""
        trouve = self._cache_bits.get((sorte, cle))
        if trouve is ABSENT:
            if sorte == "zone":
                docs = self.zones.get(cle)
            elif sorte == "structure":
                docs = self.structures.get(cle)
            elif sorte == "source":
                docs = self.sources.get(cle)
            else:
                docs = self.lieux.get((sorte, cle))
            trouve = bits.vide(self.n) if docs is None else bits.depuis_indices(docs, self.n)
            self._cache_bits.put((sorte, cle), trouve, trouve.nbytes)
        return trouve

    def union(self, sorte: str, cles: tuple[str, ...]) -> bits.Bits:
        """Bits of the documents in any of the sets `cles` of `sorte` (see `ensemble`), cached:
        a person's zones are the same for every search from her commune."""
        trouve = self._cache_bits.get((sorte, cles))
        if trouve is ABSENT:
            trouve = bits.union([self.ensemble(sorte, c) for c in cles], self.n)
            self._cache_bits.put((sorte, cles), trouve, trouve.nbytes)
        return trouve

    def postings(self, terme: str) -> PostingsTerme | None:
        """Posting list of a `texte` term (None if absent), read from Whoosh once, then cached."""
        trouve = self._cache_postings.get(terme)
        if trouve is ABSENT:
            with self._verrou:
                trouve = _lire_postings(self.lecteur, terme, self.n)
            self._cache_postings.put(terme, trouve, 64 if trouve is None else trouve.taille)
        return trouve

    def frequence_mot(self, mot: str) -> int:
        """Documents of this segment whose text had this word when written (see `ecriture`)."""
        with self._verrou:
            return int(self.lecteur.frequency("mots", mot))

    def lexique(self) -> list[str]:
        """Every word of the spelling field (`mots`) of this segment."""
        with self._verrou:
            termes = list(self.lecteur.lexicon("mots"))
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in termes]


def _lire_postings(lecteur: Any, terme: str, n: int) -> PostingsTerme | None:
    try:
        m = lecteur.postings("texte", terme)
    except TermNotFound:
        return None
    docnums, poids = _blocs(m) if isinstance(m, W3LeafMatcher) else _un_par_un(m)
    return PostingsTerme(docnums.astype(np.int32), poids, bits.depuis_indices(docnums, n))


def _blocs(m: W3LeafMatcher) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Whole blocks at a time (Whoosh stores 128 postings per block): ~20x faster than
    `all_ids()`, which matters for common words decoded on a cold cache."""
    ids: list[Any] = []
    poids: list[Any] = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.append(m._ids)
        poids.append(m._weights)
        m._next_block()
    return (
        np.concatenate([np.asarray(b, dtype=np.int64) for b in ids]),
        np.concatenate([np.asarray(b, dtype=np.float32) for b in poids]),
    )


def _un_par_un(m: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    ids, poids = [], []
    while m.is_active():
        ids.append(m.id())
        poids.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(poids, dtype=np.float32)


def construire(segid: str, lignes: Sequence[Ligne | tuple[Any, ...] | None], lecteur: Any) -> Segment:
    """Read every row of a segment once and build its columns and bit sets (~1 s for 100,000)."""
    n = len(lignes)
    lecture = _Lecture()
    for d, ligne in enumerate(lignes):
        lecture.lire(d, ligne if ligne is not None else _LIGNE_VIDE)
    speciaux = lecture.facettes.indices()
    nombres = {nom: np.array(valeurs, dtype=np.float64) for nom, valeurs in lecture.nombres.items()}
    estimee = _completer_positions(nombres["latitude"], nombres["longitude"], lecture.communes)
    sans_position = np.isnan(nombres["latitude"]) | np.isnan(nombres["longitude"])
    return Segment(
        segid=segid,
        n=n,
        ids=[ligne[0] if ligne else "" for ligne in lignes],
        versions=[ligne[1] if ligne else "" for ligne in lignes],
        statuts={s: _bits(speciaux.get(("statut", s)), n) for s in STATUTS},
        facettes=_matrice(speciaux, n),
        zones=lecture.zones.indices(),
        partout=_bits(speciaux.get(("zone", "partout")), n),
        a_distance=_bits(speciaux.get(("modes_accueil", vocabulaires.A_DISTANCE)), n),
        lieux=lecture.lieux.indices(),
        structures=lecture.structures.indices(),
        sources=lecture.sources.indices(),
        doublons=lecture.doublons.indices(),
        latitude=nombres["latitude"],
        longitude=nombres["longitude"],
        position_estimee=bits.depuis_booleens(estimee),
        sans_position=bits.depuis_booleens(sans_position),
        heures=nombres["heures"],
        qualite=np.nan_to_num(nombres["qualite"], nan=0.0),
        longueur=np.nan_to_num(nombres["longueur"], nan=0.0),
        lecteur=lecteur,
    )


#: a row the column lacks (never written by this package): a deleted-looking document, no values
_LIGNE_VIDE = ("", "", "", (), (), (), None, None, (), None, None, None, None, None, None, 0, None,
               None)
#: rows written before `source` and `groupe_doublons` existed lack them
_COLONNES = len(_LIGNE_VIDE)


def _completer_positions(latitude: npt.NDArray[np.float64], longitude: npt.NDArray[np.float64],
                         communes: list[str | None]) -> npt.NDArray[np.bool_]:
    """Offers without coordinates take the centre of their commune (in place); returns which."""
    manquantes = np.flatnonzero(np.isnan(latitude) | np.isnan(longitude))
    estimee = np.zeros(len(latitude), dtype=bool)
    for d in manquantes:
        code = communes[d]
        centre = territoires.centre(code) if code else None
        if centre is not None:
            latitude[d], longitude[d] = centre
            estimee[d] = True
    return estimee


@cache
def _cles_thematiques(thematiques: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Facet keys of a set of thématiques: themselves, their catégories, the freins they lift."""
    categories = {vocabulaires.categorie_de(t) for t in thematiques}
    return (
        *(("thematiques", t) for t in thematiques),
        *(("categories", c) for c in sorted(categories)),
        *(("freins", f) for f in sorted(_freins_de(thematiques))),
    )


@cache
def _cles_lieu(code_insee: str) -> tuple[tuple[str, str], ...]:
    """Nearness keys of a place: its commune (and parent commune), EPCI, département."""
    communes, epci, departement, region = _lieu(code_insee)
    cles = [("commune", c) for c in communes]
    if epci:
        cles.append(("epci", epci))
    if departement:
        cles.append(("departement", departement))
    if region:
        cles.append(("region", region))
    return tuple(cles)


@cache
def _cles(facette: str, valeurs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((facette, v) for v in valeurs)


class _Lecture:
    """Accumulates, row after row, the document numbers of every key and the numeric columns."""

    def __init__(self) -> None:
        self.facettes = _Collecteur()
        self.zones = _Collecteur()
        self.lieux = _Collecteur()
        self.structures = _Collecteur()
        self.sources = _Collecteur()
        self.doublons = _Collecteur()
        self.communes: list[str | None] = []
        self.latitude: list[float | None] = []
        self.longitude: list[float | None] = []
        self.heures: list[float | None] = []
        self.qualite: list[float | None] = []
        self.longueur: list[float | None] = []

    @property
    def nombres(self) -> dict[str, list[float | None]]:
        return {"latitude": self.latitude, "longitude": self.longitude, "heures": self.heures,
                "qualite": self.qualite, "longueur": self.longueur}

    def lire(self, d: int, ligne: Ligne | tuple[Any, ...]) -> None:
        if len(ligne) < _COLONNES:
            ligne = (*ligne, *_LIGNE_VIDE[len(ligne):])
        (_, _, statut, zone, thematiques, publics, type_, frais, modes, code_insee, latitude,
         longitude, heures, structure_id, qualite, longueur, source, doublons) = ligne
        facettes = self.facettes.listes
        cles = (
            *_cles_thematiques(thematiques), *_cles("publics", publics),
            *_cles("modes_accueil", modes), ("statut", statut),
            ("heures", "inconnues" if heures is None else "connues"),
        )
        for cle in cles:
            facettes[cle].append(d)
        if type_:
            facettes[("types", type_)].append(d)
        if frais:
            facettes[("frais", frais)].append(d)
        if not zone:
            facettes[("zone", "partout")].append(d)
        for z in zone or ():
            self.zones.listes[z].append(d)
        if code_insee:
            for cle in _cles_lieu(code_insee):
                self.lieux.listes[cle].append(d)
        if structure_id:
            self.structures.listes[structure_id].append(d)
        if source:
            self.sources.listes[source].append(d)
        if doublons:
            self.doublons.listes[doublons].append(d)
        self.communes.append(code_insee)
        self.latitude.append(latitude)
        self.longitude.append(longitude)
        self.heures.append(heures)
        self.qualite.append(qualite)
        self.longueur.append(longueur)

def _bits(docs: npt.NDArray[np.int64] | None, n: int) -> bits.Bits:
    return bits.vide(n) if docs is None else bits.depuis_indices(docs, n)


def _matrice(indices: dict[Any, npt.NDArray[np.int64]], n: int) -> npt.NDArray[np.uint64]:
    """One row per facet value; `publics` rows also hold the `tous-publics` documents."""
    matrice = np.zeros((len(_rangs()), bits.mots(n)), dtype=np.uint64)
    tous = indices.get(("publics", vocabulaires.TOUS_PUBLICS))
    for (facette, valeur), i in _rangs().items():
        docs = indices.get((facette, valeur))
        if facette == "publics" and valeur != vocabulaires.TOUS_PUBLICS and tous is not None:
            docs = tous if docs is None else np.union1d(docs, tous)
        if docs is not None:
            matrice[i] = bits.depuis_indices(docs, n)
    return matrice


def vivants(n: int, supprimes: Iterable[int]) -> bits.Bits:
    """Bits of the documents not deleted in this generation."""
    booleens = np.ones(n, dtype=bool)
    morts = np.fromiter(supprimes, dtype=np.int64)
    booleens[morts] = False
    return bits.depuis_booleens(booleens)
