"""Evaluating a `Requete` on a snapshot of the index (`Vue`): eligibility, filters, text, facets,
ranking. Everything is a bit set or a vectorised column; no per-document Python loop runs except
for the page of hits.

Per segment:

    socle    = alive & statut & eligible(commune) & every text group
    filtres  = {freins, besoins, publics, types, frais, modes_accueil, heures_connues, plage,
                structure}  (only those the request uses; ORed values inside each)
    résultat = socle & every filter

**Eligibility** (data·inclusion semantics, as the issue states them): `zone_eligibilite` empty, or
listing the commune (or its parent commune for an arrondissement), its EPCI, its département,
`france` or `99100`; or `a-distance` among `modes_accueil`, which matches everywhere.

**Text**: the words of `q` become required groups (`synonymes.groupes`): a word's stem, or a synonym
key for a phrase of the table. Every group must match (like `plainto_tsquery`). Relevance is BM25
(k1 = 1.2, b = 0.75) over the `texte` weights (title words count `POIDS_NOM` times).

**Facets are disjunctive**: the counts of a facet are computed with every filter applied *except
that facet's own*, so ticking « Mobilité » still shows how many offers « Santé » would give — what
a référent expects from a list of checkboxes. A count is then exactly the number of results
clicking that value alone would give. `categories` and `thematiques` share one filter (« besoins »:
an offer matches if it has a chosen thématique or a thématique of a chosen catégorie), so both
facets leave it out. `publics` counts include `tous-publics` offers, like the filter. `heures`
counts offers with known / unknown weekly hours, leaving out `heures_connues` but keeping the
`heures_min`/`heures_max` range.

**Hours range**: offers whose weekly hours are known and inside the range, plus the offers whose
hours are unknown (they are shown, and the `heures` facet says how many) unless `heures_connues`
is True.

**Ranking**, best first:
1. relevance band: the BM25 score as a fifth of the best score of this search (1 = within 20 % of
   the best); offers in the same band are *equally relevant*, so nearness decides between them.
   Without text every offer is in the same band;
2. nearness: the offer takes place in the same commune, then the same EPCI, then the same
   département, then it can be followed remotely (`a-distance`), then elsewhere or unknown;
3. distance in km from the person, when both positions are known. The person's position is
   `Requete.origine`, or else the mean position of the indexed offers located in that commune (the
   COG data has no commune centres; a territories module that has them can pass `origine`);
4. quality score (`score_qualite`, higher first), then index order.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from catalogue.referentiels import territoires
from search import analyse, bits, orthographe, synonymes
from search.requete import Hit, Requete, RequeteInvalide, Resultat
from search.segments import PostingsTerme, Segment, rang, rangs_de, valeurs_facettes

K1 = 1.2
B = 0.75
BANDES = 5
GROUPES_MAX = 16

#: the filter each facet leaves out when counting (disjunctive facets)
FILTRE_DE_FACETTE = {
    "freins": "freins",
    "categories": "besoins",
    "thematiques": "besoins",
    "publics": "publics",
    "types": "types",
    "frais": "frais",
    "modes_accueil": "modes_accueil",
    "heures": "heures_connues",
}
_FACETTES_DU_FILTRE = {
    filtre: tuple(f for f, fl in FILTRE_DE_FACETTE.items() if fl == filtre)
    for filtre in set(FILTRE_DE_FACETTE.values())
}


@dataclass
class Vue:
    """The index as one generation sees it: each segment with the bits of its live documents."""

    generation: int
    segments: list[tuple[Segment, bits.Bits]]
    _origines: OrderedDict[str, tuple[float, float] | None] = field(default_factory=OrderedDict)
    _verrou: threading.Lock = field(default_factory=threading.Lock)

    def origine(self, commune: str) -> tuple[float, float] | None:
        """Mean position of the live offers located in a commune (cached per generation)."""
        if commune in self._origines:
            return self._origines[commune]
        lat: list[npt.NDArray[np.float64]] = []
        lon: list[npt.NDArray[np.float64]] = []
        for seg, vivants in self.segments:
            docs = bits.indices(seg.ensemble("commune", commune) & vivants, seg.n)
            lat.append(seg.latitude[docs])
            lon.append(seg.longitude[docs])
        la, lo = np.concatenate(lat or [np.empty(0)]), np.concatenate(lon or [np.empty(0)])
        connus = ~(np.isnan(la) | np.isnan(lo))
        resultat = (float(la[connus].mean()), float(lo[connus].mean())) if connus.any() else None
        with self._verrou:
            self._origines[commune] = resultat
            if len(self._origines) > 4096:
                self._origines.popitem(last=False)
        return resultat


@dataclass(frozen=True)
class Lieu:
    """The person's commune as the ranking needs it."""

    zones: tuple[str, ...]
    communes: tuple[str, ...]
    epci: str | None
    departement: str

    @classmethod
    def de(cls, code: str) -> Lieu:
        c = territoires.commune(code)
        assert c is not None  # checked by Requete
        communes = (c.code, c.commune_parente) if c.commune_parente else (c.code,)
        return cls(territoires.zones_englobantes(code), communes, c.epci, c.departement)


@dataclass
class _Segment:
    """The bit sets of one segment for one request."""

    seg: Segment
    vivants: bits.Bits
    publies: bits.Bits
    socle: bits.Bits
    filtres: dict[str, bits.Bits]
    resultat: bits.Bits
    #: posting list of each text group in this segment (None: the term is absent)
    postings: list[PostingsTerme | None]


def rechercher(vue: Vue, req: Requete) -> Resultat:
    groupes = synonymes.groupes(analyse.mots_bruts(req.q))[:GROUPES_MAX]
    lieu = Lieu.de(req.commune) if req.commune else None
    evals, total = _evaluer_tous(vue, req, groupes, lieu)
    pages = max(1, math.ceil(total / req.par_page))
    if req.page > pages:
        raise RequeteInvalide("page", f"au-delà de la dernière page ({pages})")
    frequences = _frequences(evals, len(groupes))
    hits = _classer(evals, req, groupes, frequences, lieu, vue)
    suggestions = (
        orthographe.suggerer(vue, req.q, groupes, frequences, req.statuts)
        if 0 in frequences
        else []
    )
    return Resultat(total, hits, _facettes(evals), suggestions, req)


# --- sets ------------------------------------------------------------------------------------

#: a text query first asks for every word; with fewer results than this, one word may be missing,
#: then two… (référents type sentences: « garde enfant pour aller en formation »)
RESULTATS_SUFFISANTS = 5


def _evaluer_tous(
    vue: Vue, req: Requete, groupes: Sequence[synonymes.Groupe], lieu: Lieu | None
) -> tuple[list[_Segment], int]:
    """Every word required; if that finds too little, relax one word at a time. Ranking (BM25
    summed over the words found) still puts the offers with the most words first."""
    minimum = len(groupes)
    while True:
        evals = [_evaluer(seg, vivants, req, groupes, lieu, minimum) for seg, vivants in vue.segments]
        total = sum(bits.compter(e.resultat) for e in evals)
        if total >= RESULTATS_SUFFISANTS or minimum <= 1:
            return evals, total
        minimum -= 1


def _evaluer(
    seg: Segment,
    vivants: bits.Bits,
    req: Requete,
    groupes: Sequence[synonymes.Groupe],
    lieu: Lieu | None,
    minimum: int | None = None,
) -> _Segment:
    n = seg.n
    publies = vivants & bits.union([seg.statuts[s] for s in req.statuts], n)
    postings = [seg.postings(g.terme) for g in groupes]
    texte = [p.bits if p is not None else bits.vide(n) for p in postings]
    requis = len(texte) if minimum is None else minimum
    mots = [bits.au_moins(texte, requis, n)] if texte else []
    socle = bits.intersection([publies, _eligibles(seg, lieu), *mots], n)
    filtres = _filtres(seg, req)
    resultat = bits.intersection([socle, *filtres.values()], n)
    return _Segment(seg, vivants, publies, socle, filtres, resultat, postings)


def _eligibles(seg: Segment, lieu: Lieu | None) -> bits.Bits:
    if lieu is None:
        return bits.plein(seg.n)
    zones = [seg.ensemble("zone", z) for z in lieu.zones]
    return bits.union([*zones, seg.partout, seg.a_distance], seg.n)


def _lignes(seg: Segment, facette: str, valeurs: Sequence[str]) -> bits.Bits:
    return bits.union([seg.facettes[rang(facette, v)] for v in valeurs], seg.n)


def _filtres(seg: Segment, req: Requete) -> dict[str, bits.Bits]:
    filtres: dict[str, bits.Bits] = {}
    for nom in ("freins", "publics", "types", "frais", "modes_accueil"):
        if getattr(req, nom):
            filtres[nom] = _lignes(seg, nom, getattr(req, nom))
    if req.categories or req.thematiques:
        filtres["besoins"] = _lignes(seg, "categories", req.categories) | _lignes(
            seg, "thematiques", req.thematiques
        )
    if req.heures_connues is not None:
        valeur = "connues" if req.heures_connues else "inconnues"
        filtres["heures_connues"] = seg.facettes[rang("heures", valeur)]
    if req.heures_min is not None or req.heures_max is not None:
        filtres["plage"] = _plage(seg, req.heures_min, req.heures_max)
    if req.structure_id is not None:
        filtres["structure"] = seg.ensemble("structure", req.structure_id)
    return filtres


def _plage(seg: Segment, minimum: float | None, maximum: float | None) -> bits.Bits:
    """Known hours inside the range, or unknown hours (see module docstring)."""
    h = seg.heures
    bas = minimum or 0.0
    haut = math.inf if maximum is None else maximum
    with np.errstate(invalid="ignore"):
        dedans = np.isnan(h) | ((h >= bas) & (h <= haut))
    return bits.depuis_booleens(dedans)


# --- facets ----------------------------------------------------------------------------------


def _facettes(evals: list[_Segment]) -> dict[str, dict[str, int]]:
    valeurs = valeurs_facettes()
    comptes = np.zeros(sum(len(v) for v in valeurs.values()), dtype=np.int64)
    for e in evals:
        segment = bits.compter_lignes(e.seg.facettes, e.resultat)
        for nom in set(FILTRE_DE_FACETTE.values()) & set(e.filtres):
            autres = [b for f, b in e.filtres.items() if f != nom]
            base = bits.intersection([e.socle, *autres], e.seg.n)
            for facette in _FACETTES_DU_FILTRE[nom]:
                lignes = rangs_de(facette)
                segment[lignes] = bits.compter_lignes(e.seg.facettes[lignes], base)
        comptes += segment
    return {
        facette: {v: int(comptes[i]) for v, i in zip(vals, rangs_de(facette), strict=True)}
        for facette, vals in valeurs.items()
    }


# --- ranking ---------------------------------------------------------------------------------


def _frequences(evals: list[_Segment], n_groupes: int) -> list[int]:
    """Documents (alive, right statut) containing each group, whatever the other criteria."""
    frequences = [0] * n_groupes
    for e in evals:
        for i, p in enumerate(e.postings):
            if p is not None:
                frequences[i] += bits.compter(p.bits & e.publies)
    return frequences


@dataclass
class _Candidats:
    """The best candidates of one segment: document numbers and their sort data."""

    e: _Segment
    docs: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    proximite: npt.NDArray[np.int64]
    distance: npt.NDArray[np.float64]


def _classer(
    evals: list[_Segment],
    req: Requete,
    groupes: Sequence[synonymes.Groupe],
    frequences: list[int],
    lieu: Lieu | None,
    vue: Vue,
) -> list[Hit]:
    documents = sum(bits.compter(e.publies) for e in evals)
    longueur = _longueur_moyenne(evals)
    idf = [math.log(1 + (documents - f + 0.5) / (f + 0.5)) for f in frequences]
    scores = [_scores(e, idf, longueur) for e in evals]
    meilleur = max((float(s[1].max()) for s in scores if len(s[1])), default=0.0)
    origine = req.origine or (vue.origine(req.commune) if req.commune else None)
    garder = req.page * req.par_page
    selections = [
        _meilleurs(e, docs, sc, meilleur, lieu, origine, garder)
        for e, (docs, sc) in zip(evals, scores, strict=True)
    ]
    fusion = sorted((cle, i, j) for i, s in enumerate(selections) for j, cle in enumerate(s.cles))
    page = fusion[garder - req.par_page : garder]
    return [_hit(selections[i].c, j, lieu, groupes) for _, i, j in page]


def _longueur_moyenne(evals: list[_Segment]) -> float:
    total = sum(float(e.seg.longueur.sum()) for e in evals)
    n = sum(e.seg.n for e in evals)
    return total / n if n and total else 1.0


def _scores(
    e: _Segment, idf: list[float], longueur_moyenne: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    docs = bits.indices(e.resultat, e.seg.n)
    scores = np.zeros(len(docs))
    if not len(docs):
        return docs, scores
    norme = K1 * (1 - B + B * e.seg.longueur[docs] / longueur_moyenne)
    for p, w in zip(e.postings, idf, strict=True):
        if p is None or not len(p.docnums):
            continue  # a word may be missing once the query was relaxed (`_evaluer_tous`)
        positions = np.minimum(np.searchsorted(p.docnums, docs), len(p.docnums) - 1)
        presents = p.docnums[positions] == docs
        tf = np.where(presents, p.poids[positions], 0).astype(np.float64)
        scores += w * tf * (K1 + 1) / (tf + norme)
    return docs, scores


@dataclass
class _Selection:
    c: _Candidats
    cles: list[int]


def _meilleurs(
    e: _Segment,
    docs: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    meilleur: float,
    lieu: Lieu | None,
    origine: tuple[float, float] | None,
    garder: int,
) -> _Selection:
    """The `garder` best documents of a segment with their composite sort key (smaller first)."""
    seg = e.seg
    bande = (
        BANDES - np.ceil(BANDES * scores / meilleur - 1e-9).astype(np.int64)
        if meilleur > 0
        else np.zeros(len(docs), dtype=np.int64)
    )
    proximite = _proximite(seg, docs, lieu)
    distance = _distances(seg, docs, origine)
    centikm = np.minimum(np.nan_to_num(distance, nan=1e5, posinf=1e5) * 100, 9_999_999)
    qualite = 1000 - np.clip(np.round(seg.qualite[docs] * 1000), 0, 1000)
    # (band, nearness, distance, quality, docnum) packed in one int64: at most 6·10^18
    cle = (
        ((bande * 10 + proximite) * 10_000_000 + centikm.astype(np.int64)) * 10_000
        + qualite.astype(np.int64)
    ) * 1_000_000 + docs
    if len(cle) > garder:
        choix = np.argpartition(cle, garder - 1)[:garder]
    else:
        choix = np.arange(len(cle))
    choix = choix[np.argsort(cle[choix])]
    candidats = _Candidats(e, docs[choix], scores[choix], proximite[choix], distance[choix])
    return _Selection(candidats, [int(k) for k in cle[choix]])


def _proximite(seg: Segment, docs: npt.NDArray[np.int64], lieu: Lieu | None) -> npt.NDArray[
    np.int64
]:
    """0 same commune, 1 same EPCI, 2 same département, 3 remote, 4 elsewhere (`PROXIMITES`)."""
    proximite = np.full(len(docs), 4, dtype=np.int64)
    if lieu is None:
        return np.zeros(len(docs), dtype=np.int64)
    proximite[bits.contient(seg.a_distance, docs)] = 3
    niveaux: list[tuple[int, list[bits.Bits]]] = [
        (2, [seg.ensemble("departement", lieu.departement)]),
        (1, [seg.ensemble("epci", lieu.epci)] if lieu.epci else []),
        (0, [seg.ensemble("commune", c) for c in lieu.communes]),
    ]
    for niveau, ensembles in niveaux:
        for ensemble in ensembles:
            proximite[bits.contient(ensemble, docs)] = niveau
    return proximite


def _distances(
    seg: Segment, docs: npt.NDArray[np.int64], origine: tuple[float, float] | None
) -> npt.NDArray[np.float64]:
    """Great-circle km (haversine); NaN where the offer has no position or there is no origin."""
    if origine is None:
        return np.full(len(docs), np.nan)
    lat1, lon1 = np.radians(origine[0]), np.radians(origine[1])
    lat2, lon2 = np.radians(seg.latitude[docs]), np.radians(seg.longitude[docs])
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


# --- hits ------------------------------------------------------------------------------------

_PROXIMITES = ("commune", "epci", "departement", "a-distance", "ailleurs")


def _hit(c: _Candidats, j: int, lieu: Lieu | None, groupes: Sequence[object]) -> Hit:
    d = int(c.docs[j])
    distance = float(c.distance[j])
    return Hit(
        id=c.e.seg.ids[d],
        score=round(float(c.scores[j]), 4) if groupes else 0.0,
        eligibilite=_eligibilite(c.e.seg, d, lieu),
        distance_km=None if math.isnan(distance) else round(distance, 1),
        proximite=_PROXIMITES[int(c.proximite[j])] if lieu is not None else None,
    )


def _eligibilite(seg: Segment, d: int, lieu: Lieu | None) -> str | None:
    """Why the offer serves the commune, most specific reason first (`ELIGIBILITES`)."""
    if lieu is None:
        return None
    doc = np.array([d])

    def dans(ensemble: bits.Bits) -> bool:
        return bool(bits.contient(ensemble, doc)[0])

    if any(dans(seg.ensemble("zone", c)) for c in lieu.communes):
        return "commune"
    if lieu.epci and dans(seg.ensemble("zone", lieu.epci)):
        return "epci"
    if dans(seg.ensemble("zone", lieu.departement)):
        return "departement"
    if any(dans(seg.ensemble("zone", z)) for z in (territoires.FRANCE, territoires.CODE_PAYS_FRANCE)):
        return "france"
    if dans(seg.partout):
        return "partout"
    return "a-distance"
