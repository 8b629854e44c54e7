"""Evaluating a `Requete` on a snapshot of the index (`Vue`): eligibility, radius, filters, text,
facets, ranking. Everything is a bit set or a vectorised column; no per-document Python loop runs
except for the page of hits.

Per segment:

    socle    = alive & statut & zone(commune) & rayon & every text group
    filtres  = {freins, besoins, publics, types, frais, modes_accueil, heures_connues, plage,
                structure, qualite, sources, localisation}  (only those the request uses)
    résultat = socle & every filter  (then, with `exclure_doublons`, one offer per cluster)

**Eligibility**, as data·inclusion's `search_services_query` (DOMAIN.md, corrected 2026-12-07):
1. the zone applies to *every* offer, remote ones included: `zone_eligibilite` empty, or listing
   the commune (or its parent commune for an arrondissement), its EPCI, its département, `france`
   or `99100`;
2. then an offer is kept if it takes place within `rayon_km` (50 km by default) of the person, or
   can be followed remotely (`a-distance`): remote only waives the radius.
The person's position is `Requete.origine` (an address), else the centre of her commune
(`territoires.centre`). An offer's position is its coordinates, else the centre of its commune
(`code_insee`; the hit says the distance is estimated). data·inclusion drops an on-site offer with
no position at all; here it is kept when its zone names the person's commune, EPCI or
département (the zone itself then keeps it near), and left out when its zone is wider (`france`,
empty), since nothing says it is within reach.

**Text**: the words of `q` become required groups (`synonymes.groupes`): a word, or a phrase of
the field vocabulary, which matches its own words *or* its key. Every group must match (like
`plainto_tsquery`); with too few results, one group may be missing, then two. Relevance is BM25
(k1 = 1.2, b = 0.75) over the `texte` weights (`schema.POIDS_CHAMPS`); a group reached only
through its key scores `POIDS_SYNONYME` of its key's BM25.

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
1. text tier: offers with every group come before offers missing one (relaxed search); among
   them, offers that have the words typed before those reached only through a synonym
   ("halte-garderie" puts the halte-garderie before the crèches, "FLE" the FLE courses before
   the ASL);
2. relevance band: the BM25 score as a tenth of the best score of this search (10 = within 10 %
   of the best). Offers in the same band are *equally relevant*, so nearness decides between
   them; a band of 10 % (it was 20 %) keeps a title match ahead of a passing mention nearer by.
   Without text every offer is in the same band;
3. nearness: the offer takes place in the same commune, then the same EPCI, then the same
   département, then it can be followed remotely (`a-distance`), then elsewhere or unknown;
4. distance in km from the person;
5. quality score (`score_qualite`, higher first), then index order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from catalogue.referentiels import territoires, vocabulaires
from search import analyse, bits, fusion, orthographe, portee, synonymes
from search.requete import ELIGIBILITES, Hit, Requete, RequeteInvalide, Resultat
from search.segments import PostingsTerme, Segment, rang, rangs_de, valeurs_facettes

K1 = 1.2
B = 0.75
BANDES = 10
GROUPES_MAX = 16
#: what a group reached only through a synonym key weighs against the words typed
POIDS_SYNONYME = 0.6

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
    #: the segments as one (`fusion`), built when there are several: what a search evaluates
    fusionnee: tuple[fusion.SegmentFusionne, bits.Bits] | None = None

    @classmethod
    def de(cls, generation: int, segments: list[tuple[Segment, bits.Bits]],
           precedente: Vue | None = None) -> Vue:
        """`precedente`: the generation this one follows, whose fusion may serve again."""
        if len(segments) < 2:
            return cls(generation, segments)
        avant = precedente.fusionnee[0] if precedente and precedente.fusionnee else None
        return cls(generation, segments, fusion.fusionner(segments, avant))

    @property
    def a_evaluer(self) -> list[tuple[Segment, bits.Bits]]:
        return [self.fusionnee] if self.fusionnee is not None else self.segments


@dataclass(frozen=True)
class Lieu:
    """The person's commune as eligibility and ranking need it."""

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

    @property
    def zones_locales(self) -> tuple[str, ...]:
        """The zone codes that name the person's surroundings (not `france`)."""
        return (*self.communes, *([self.epci] if self.epci else []), self.departement)


@dataclass(frozen=True)
class Contexte:
    """What every segment's evaluation shares: the request, its text groups, the person."""

    req: Requete
    groupes: Sequence[synonymes.Groupe]
    lieu: Lieu | None
    #: (latitude, longitude) of the person, when known
    origine: tuple[float, float] | None

    @classmethod
    def de(cls, req: Requete) -> Contexte:
        groupes = synonymes.groupes(analyse.mots_bruts(req.q))[:GROUPES_MAX]
        lieu = Lieu.de(req.commune) if req.commune else None
        origine = req.origine or (territoires.centre(req.commune) if req.commune else None)
        return cls(req, groupes, lieu, origine)

    @property
    def rayon(self) -> float | None:
        """The radius applies only when the person's position is known."""
        return self.req.rayon_km if self.origine is not None else None


@dataclass
class _Segment:
    """The bit sets of one segment for one request."""

    seg: Segment
    vivants: bits.Bits
    publies: bits.Bits
    socle: bits.Bits
    filtres: dict[str, bits.Bits]
    resultat: bits.Bits
    #: posting list of every term the groups read (None: the term is absent)
    postings: dict[str, PostingsTerme | None]
    #: per group: documents matching it at all, documents having the words typed
    groupes: list[bits.Bits]
    litteraux: list[bits.Bits]
    #: km from the person, NaN where not computed (no position, outside the zone, or clearly
    #: beyond the radius: `portee.dans_le_cadre`)
    distance: npt.NDArray[np.float64]


def rechercher(vue: Vue, req: Requete) -> Resultat:
    ctx = Contexte.de(req)
    evals, total = _evaluer_tous(vue, ctx)
    if req.exclure_doublons:
        total = _replier_doublons(evals)
    pages = max(1, math.ceil(total / req.par_page))
    if req.page > pages:
        raise RequeteInvalide("page", f"au-delà de la dernière page ({pages})")
    frequences = _frequences(evals)
    hits = _classer(evals, ctx, frequences)
    suggestions = orthographe.suggerer(vue, req.q, ctx.groupes,
                                       _frequences_groupes(evals, len(ctx.groupes)), req.statuts)
    return Resultat(total, hits, _facettes(evals), suggestions, req)


# --- sets ------------------------------------------------------------------------------------

#: a text query first asks for every word; with fewer results than this, one word may be missing,
#: then two… (référents type sentences: « garde enfant pour aller en formation »)
RESULTATS_SUFFISANTS = 5


def _evaluer_tous(vue: Vue, ctx: Contexte) -> tuple[list[_Segment], int]:
    """Every word required; if that finds too little, relax one word at a time. Ranking puts the
    offers with the most words first (text tier)."""
    minimum = len(ctx.groupes)
    while True:
        evals = [_evaluer(seg, vivants, ctx, minimum) for seg, vivants in vue.a_evaluer]
        total = sum(bits.compter(e.resultat) for e in evals)
        if total >= RESULTATS_SUFFISANTS or minimum <= 1:
            return evals, total
        minimum -= 1


def _evaluer(seg: Segment, vivants: bits.Bits, ctx: Contexte, minimum: int) -> _Segment:
    n = seg.n
    req = ctx.req
    publies = vivants & bits.union([seg.statuts[s] for s in req.statuts], n)
    postings = {t: seg.postings(t) for g in ctx.groupes for t in g.termes}
    litteraux = [_litteral(g, postings, n) for g in ctx.groupes]
    groupes = [_correspond(g, lit, postings) for g, lit in zip(ctx.groupes, litteraux, strict=True)]
    mots = [bits.au_moins(groupes, minimum, n)] if groupes else []
    candidats = bits.intersection([publies, _zone(seg, ctx.lieu), *mots], n)
    distance, dans_rayon = _rayon(seg, candidats, ctx)
    socle = candidats & dans_rayon
    filtres = _filtres(seg, req)
    resultat = bits.intersection([socle, *filtres.values()], n)
    return _Segment(seg, vivants, publies, socle, filtres, resultat, postings, groupes, litteraux,
                    distance)


def _litteral(g: synonymes.Groupe, postings: dict[str, PostingsTerme | None], n: int) -> bits.Bits:
    """Documents having every word of the group as typed."""
    listes = [postings[t] for t in g.litteraux]
    if not listes or any(p is None for p in listes):
        return bits.vide(n)
    return bits.intersection([p.bits for p in listes if p is not None], n)


def _correspond(g: synonymes.Groupe, litteral: bits.Bits,
                postings: dict[str, PostingsTerme | None]) -> bits.Bits:
    cle = postings.get(g.cle) if g.cle else None
    return litteral | cle.bits if cle is not None else litteral


def _zone(seg: Segment, lieu: Lieu | None) -> bits.Bits:
    """Offers whose eligibility zone takes in the person's commune (remote ones included)."""
    if lieu is None:
        return bits.plein(seg.n)
    return seg.union("zone", lieu.zones) | seg.partout


def _rayon(seg: Segment, candidats: bits.Bits, ctx: Contexte) -> tuple[
    npt.NDArray[np.float64], bits.Bits
]:
    """Distances of the candidates from the person, and the documents the radius keeps: within
    `rayon_km`, remote, or without position but eligible through a local zone (module docstring)."""
    n = seg.n
    distance = np.full(n, np.nan)
    if ctx.origine is None:
        return distance, bits.plein(n)
    positions: portee.Positions = seg.derive("positions", _positions)
    if ctx.rayon is None:
        docs = bits.indices(candidats, n)
        distance[docs] = positions.distances_km(ctx.origine, docs)
        return distance, bits.plein(n)
    # beyond the radius a distance is neither kept nor shown (`_distance_montree`): NaN will do
    cadre = seg.derive("par_latitude", _par_latitude).dans_le_cadre(ctx.origine, ctx.rayon)
    docs = cadre[bits.contient(candidats, cadre)]
    distance[docs] = positions.distances_km(ctx.origine, docs)
    proches = bits.depuis_indices(docs[portee.proches(distance[docs], ctx.rayon)], n)
    locales = (
        seg.union("zone", ctx.lieu.zones_locales)
        if ctx.lieu is not None else bits.vide(n)
    )
    return distance, portee.garde(proches, seg.a_distance, seg.sans_position, locales)


def _positions(seg: Segment) -> portee.Positions:
    return portee.Positions.de(seg.latitude, seg.longitude)


def _par_latitude(seg: Segment) -> portee.ParLatitude:
    return portee.ParLatitude.de(seg.latitude, seg.longitude)


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
    filtres.update(_filtres_data_inclusion(seg, req))
    return filtres


def _filtres_data_inclusion(seg: Segment, req: Requete) -> dict[str, bits.Bits]:
    """Quality, producers and where the offer takes place (data·inclusion's listing filters)."""
    filtres: dict[str, bits.Bits] = {}
    if req.score_qualite_minimum is not None:
        filtres["qualite"] = bits.depuis_booleens(seg.qualite >= req.score_qualite_minimum - 1e-9)
    if req.sources:
        filtres["sources"] = bits.union([seg.ensemble("source", s) for s in req.sources], seg.n)
    lieux = [("commune", c) for c in req.localisation_communes]
    lieux += [("departement", d) for d in req.localisation_departements]
    lieux += [("region", r) for r in req.localisation_regions]
    if lieux:
        filtres["localisation"] = bits.union([seg.ensemble(*lieu) for lieu in lieux], seg.n)
    return filtres


def _plage(seg: Segment, minimum: float | None, maximum: float | None) -> bits.Bits:
    """Known hours inside the range, or unknown hours (see module docstring)."""
    h = seg.heures
    bas = minimum or 0.0
    haut = math.inf if maximum is None else maximum
    with np.errstate(invalid="ignore"):
        dedans = np.isnan(h) | ((h >= bas) & (h <= haut))
    return bits.depuis_booleens(dedans)


def _replier_doublons(evals: list[_Segment]) -> int:
    """Keep, in each duplicate cluster, the result of best quality (then smallest id); the others
    leave the results and the facet counts. Returns the new total."""
    meilleurs: dict[str, tuple[float, str, int, int]] = {}
    presents: list[tuple[int, npt.NDArray[np.int64]]] = []
    for i, e in enumerate(evals):
        for cle, docs in e.seg.doublons.items():
            dedans = docs[bits.contient(e.resultat, docs)]
            if not len(dedans):
                continue
            presents.append((i, dedans))
            for d in dedans:
                candidat = (-float(e.seg.qualite[d]), e.seg.ids[d], i, int(d))
                if cle not in meilleurs or candidat < meilleurs[cle]:
                    meilleurs[cle] = candidat
    gardes = {(i, d) for _, _, i, d in meilleurs.values()}
    for i, dedans in presents:
        e = evals[i]
        retires = [int(d) for d in dedans if (i, int(d)) not in gardes]
        if retires:
            masque = ~bits.depuis_indices(retires, e.seg.n)
            e.socle &= masque
            e.resultat &= masque
    return sum(bits.compter(e.resultat) for e in evals)


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


def _frequences(evals: list[_Segment]) -> dict[str, int]:
    """Documents (alive, right statut) containing each term, whatever the other criteria."""
    frequences: dict[str, int] = {}
    for e in evals:
        for terme, p in e.postings.items():
            compte = bits.compter(p.bits & e.publies) if p is not None else 0
            frequences[terme] = frequences.get(terme, 0) + compte
    return frequences


def _frequences_groupes(evals: list[_Segment], n_groupes: int) -> list[int]:
    """Documents (alive, right statut) matching each group (0: a word to correct)."""
    return [sum(bits.compter(e.groupes[i] & e.publies) for e in evals) for i in range(n_groupes)]


@dataclass
class _Candidats:
    """The best candidates of one segment: document numbers and their sort data."""

    e: _Segment
    docs: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    proximite: npt.NDArray[np.int64]
    distance: npt.NDArray[np.float64]
    #: index in `ELIGIBILITES` of why each offer serves the commune (-1 without a commune)
    eligibilite: npt.NDArray[np.int64]
    estimee: npt.NDArray[np.bool_]


def _classer(evals: list[_Segment], ctx: Contexte, frequences: dict[str, int]) -> list[Hit]:
    documents = sum(bits.compter(e.publies) for e in evals)
    longueur = _longueur_moyenne(evals)
    idf = {t: math.log(1 + (documents - f + 0.5) / (f + 0.5)) for t, f in frequences.items()}
    scores = [_scores(e, ctx.groupes, idf, longueur) for e in evals]
    meilleur = max((float(s.scores.max()) for s in scores if len(s.scores)), default=0.0)
    garder = ctx.req.page * ctx.req.par_page
    selections = [_meilleurs(e, s, meilleur, ctx, garder)
                  for e, s in zip(evals, scores, strict=True)]
    # equal keys but for the document part: the offer id decides, as inside each segment, so that
    # the order is the same whatever the index's layout (every node of a deployment pages alike)
    ordre = sorted((cle // _RADIX["doc"], s.c.e.seg.ids[int(s.c.docs[j])], i, j)
                    for i, s in enumerate(selections) for j, cle in enumerate(s.cles))
    page = ordre[garder - ctx.req.par_page : garder]
    return [_hit(selections[i].c, j, ctx.lieu, bool(ctx.groupes)) for _, _, i, j in page]


def _longueur_moyenne(evals: list[_Segment]) -> float:
    total = sum(float(e.seg.longueur.sum()) for e in evals)
    n = sum(e.seg.documents for e in evals)
    return total / n if n and total else 1.0


@dataclass
class _Scores:
    docs: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    #: groups missing × (groups + 1) + groups reached only through a synonym (smaller first)
    palier: npt.NDArray[np.int64]


def _scores(e: _Segment, groupes: Sequence[synonymes.Groupe], idf: dict[str, float],
            longueur_moyenne: float) -> _Scores:
    docs = bits.indices(e.resultat, e.seg.n)
    scores = np.zeros(len(docs))
    palier = np.zeros(len(docs), dtype=np.int64)
    if not len(docs) or not groupes:
        return _Scores(docs, scores, palier)
    norme = K1 * (1 - B + B * e.seg.longueur[docs] / longueur_moyenne)

    def bm25(terme: str) -> npt.NDArray[np.float64]:
        p = e.postings.get(terme)
        if p is None or not len(p.docnums):
            return np.zeros(len(docs))
        positions = np.minimum(np.searchsorted(p.docnums, docs), len(p.docnums) - 1)
        tf = np.where(p.docnums[positions] == docs, p.poids[positions], 0).astype(np.float64)
        return idf.get(terme, 0.0) * tf * (K1 + 1) / (tf + norme)

    manquants = np.zeros(len(docs), dtype=np.int64)
    synonymes_seuls = np.zeros(len(docs), dtype=np.int64)
    for g, correspond, litteral in zip(groupes, e.groupes, e.litteraux, strict=True):
        present = bits.contient(correspond, docs)
        mot_tape = bits.contient(litteral, docs)
        score_mots = sum((bm25(t) for t in g.litteraux), np.zeros(len(docs)))
        score_cle = POIDS_SYNONYME * bm25(g.cle) if g.cle else np.zeros(len(docs))
        scores += np.where(mot_tape, score_mots, np.where(present, score_cle, 0.0))
        manquants += ~present
        synonymes_seuls += present & ~mot_tape
    palier = manquants * (len(groupes) + 1) + synonymes_seuls
    return _Scores(docs, scores, palier)


@dataclass
class _Selection:
    c: _Candidats
    cles: list[int]


#: mixed radix of the sort key (one int64, smaller first): each part below its bound
_RADIX = {"palier": 256, "bande": BANDES + 1, "proximite": 5, "hm": 100_000, "qualite": 1001,
          "doc": 1_000_000}


def cle_de_tri(palier: npt.NDArray[np.int64], bande: npt.NDArray[np.int64],
               proximite: npt.NDArray[np.int64], hectometres: npt.NDArray[np.int64],
               qualite: npt.NDArray[np.int64], docs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """(text tier, band, nearness, distance in 100 m, quality, `docs`) packed in one int64
    (at most ~1.4·10^18): one `argpartition` then sorts a segment's results. `docs` is the last
    tie-breaker: the engine passes each document's rank in id order (`_rang_des_ids`)."""
    cle = np.minimum(palier, _RADIX["palier"] - 1)
    for partie, valeurs in (("bande", bande), ("proximite", proximite), ("hm", hectometres),
                            ("qualite", qualite), ("doc", docs)):
        cle = cle * _RADIX[partie] + np.minimum(np.maximum(valeurs, 0), _RADIX[partie] - 1)
    return cle.astype(np.int64)


def _meilleurs(e: _Segment, s: _Scores, meilleur: float, ctx: Contexte,
               garder: int) -> _Selection:
    """The `garder` best documents of a segment with their composite sort key (smaller first)."""
    seg, docs, lieu, rayon = e.seg, s.docs, ctx.lieu, ctx.rayon
    bande = (
        BANDES - np.ceil(BANDES * s.scores / meilleur - 1e-9).astype(np.int64)
        if meilleur > 0
        else np.zeros(len(docs), dtype=np.int64)
    )
    proximite = _proximite(seg, docs, lieu)
    distance = _distance_montree(e, docs, rayon)
    with np.errstate(invalid="ignore"):
        hectometres = np.where(distance < np.inf, distance * 10, 1e9).astype(np.int64)  # NaN, inf: far
    qualite = 1000 - np.minimum(np.maximum(np.round(seg.qualite[docs] * 1000), 0), 1000).astype(np.int64)
    cle = cle_de_tri(s.palier, bande, proximite, hectometres, qualite,
                     seg.derive("rang_des_ids", _rang_des_ids)[docs])
    if len(cle) > garder:
        choix = np.argpartition(cle, garder - 1)[:garder]
    else:
        choix = np.arange(len(cle))
    choix = choix[np.argsort(cle[choix])]
    gardes = docs[choix]
    candidats = _Candidats(e, gardes, s.scores[choix], proximite[choix], distance[choix],
                           _eligibilites(seg, gardes, lieu),
                           bits.contient(seg.position_estimee, gardes))
    return _Selection(candidats, [int(k) for k in cle[choix]])


def _rang_des_ids(seg: Segment) -> npt.NDArray[np.int64]:
    """Each document's place among the segment's ids in order: equal offers come in id order,
    whichever segment and document number they have."""
    if isinstance(seg, fusion.SegmentFusionne):
        return seg.rangs_des_ids([p.derive("rang_des_ids", _rang_des_ids) for p in seg.parties])
    rang = np.empty(seg.n, dtype=np.int64)
    rang[np.argsort(np.asarray(seg.ids, dtype=object), kind="stable")] = np.arange(seg.n)
    return rang


def _distance_montree(e: _Segment, docs: npt.NDArray[np.int64],
                      rayon: float | None) -> npt.NDArray[np.float64]:
    """The distance a hit shows: for an offer that takes place on site within the radius; NaN for
    one kept only because it can be followed remotely (as data·inclusion's `distance`)."""
    distance = e.distance[docs]
    montree = bits.contient(_sur_place(e.seg), docs)
    if rayon is not None:
        with np.errstate(invalid="ignore"):
            montree &= distance <= rayon
    return np.where(montree, distance, np.nan)


def _sur_place(seg: Segment) -> bits.Bits:
    """Offers received on site: `en-presentiel`, or no mode given (then assumed on site)."""
    sur_place: bits.Bits = seg.derive("sur_place", _calculer_sur_place)
    return sur_place


def _calculer_sur_place(seg: Segment) -> bits.Bits:
    presentiel = seg.facettes[rang("modes_accueil", vocabulaires.EN_PRESENTIEL)]
    modes = [seg.facettes[i] for i in rangs_de("modes_accueil")]
    return presentiel | ~bits.union(modes, seg.n)


def _proximite(seg: Segment, docs: npt.NDArray[np.int64], lieu: Lieu | None) -> npt.NDArray[
    np.int64
]:
    """0 same commune, 1 same EPCI, 2 same département, 3 remote, 4 elsewhere (`PROXIMITES`).
    Where a remote-only offer is run from does not make it nearer."""
    proximite = np.full(len(docs), 4, dtype=np.int64)
    if lieu is None:
        return np.zeros(len(docs), dtype=np.int64)
    proximite[bits.contient(seg.a_distance, docs)] = 3
    sur_place = _sur_place(seg)
    niveaux: list[tuple[int, list[bits.Bits]]] = [
        (2, [seg.ensemble("departement", lieu.departement)]),
        (1, [seg.ensemble("epci", lieu.epci)] if lieu.epci else []),
        (0, [seg.ensemble("commune", c) for c in lieu.communes]),
    ]
    for niveau, ensembles in niveaux:
        for ensemble in ensembles:
            proximite[bits.contient(ensemble & sur_place, docs)] = niveau
    return proximite


# --- hits ------------------------------------------------------------------------------------

_PROXIMITES = ("commune", "epci", "departement", "a-distance", "ailleurs")


def _hit(c: _Candidats, j: int, lieu: Lieu | None, texte: bool) -> Hit:
    d = int(c.docs[j])
    distance = float(c.distance[j])
    connue = not math.isnan(distance)
    return Hit(
        id=c.e.seg.ids[d],
        score=round(float(c.scores[j]), 4) if texte else 0.0,
        eligibilite=ELIGIBILITES[int(c.eligibilite[j])] if lieu is not None else None,
        distance_km=round(distance, 1) if connue else None,
        proximite=_PROXIMITES[int(c.proximite[j])] if lieu is not None else None,
        distance_estimee=connue and bool(c.estimee[j]),
    )


def _eligibilites(seg: Segment, docs: npt.NDArray[np.int64], lieu: Lieu | None) -> npt.NDArray[
    np.int64
]:
    """Why each offer's zone takes in the commune, most specific reason first (`ELIGIBILITES`:
    commune, EPCI, département, France, no zone)."""
    raison = np.full(len(docs), len(ELIGIBILITES) - 1, dtype=np.int64)  # "partout"
    if lieu is None:
        return np.full(len(docs), -1, dtype=np.int64)
    niveaux = [
        (3, [territoires.FRANCE, territoires.CODE_PAYS_FRANCE]),
        (2, [lieu.departement]),
        (1, [lieu.epci] if lieu.epci else []),
        (0, list(lieu.communes)),
    ]
    for niveau, zones in niveaux:
        for zone in zones:
            raison[bits.contient(seg.ensemble("zone", zone), docs)] = niveau
    return raison
