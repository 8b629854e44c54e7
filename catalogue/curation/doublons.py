"""Duplicate candidates, across sources and within one, scored and explained.

Two offers are candidates when they are likely the same service entered twice: names alike, run by
the same structure (same id, same SIRET, or structure names alike), at the same place or for
overlapping zones, with shared thématiques and descriptions. Pairs are found by *blocking* (only
offers sharing a rare enough word of their name, or the same structure, are compared: no n²), then
scored:

    score = 0.35 nom + 0.20 structure + 0.15 lieu + 0.15 thématiques + 0.15 description

each part in [0, 1]. Two gates come first: offers for disjoint territories are never duplicates
(the same workshop run in Lens and in Rennes is two services), nor are offers whose names share
too little. Pairs an animateur marked "pas un doublon" are never proposed again.

`tests/test_curation_doublons.py` measures precision and recall on a labelled set (the demo
catalogue plus crafted near-duplicates and hard negatives, `tests/data/curation/doublons.json`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from catalogue.models import Offer, Structure
from catalogue.referentiels import territoires
from catalogue.texte import normaliser

SEUIL = 0.62
NOM_MIN = 0.6
#: a name word found in more offers than this says nothing (atelier, accompagnement…)
BLOC_MAX = 40
_VIDES = frozenset("a au aux avec d de des du en et l la le les pour sur un une vers demo".split())
_NATIONAUX = frozenset({territoires.FRANCE, territoires.CODE_PAYS_FRANCE})
_GENERIQUES = frozenset("association structure centre service services".split())


@dataclass(frozen=True)
class Profil:
    """What comparing needs of one offer, computed once."""

    id: str
    structure_id: str
    nom: str
    mots: frozenset[str]
    structure: str
    siret: str | None
    commune: str | None
    zones: frozenset[str]
    thematiques: frozenset[str]
    description: frozenset[str]


@dataclass(frozen=True)
class Candidat:
    a: str
    b: str
    score: float
    raisons: tuple[str, ...]


def _mots(texte: str) -> frozenset[str]:
    return frozenset(m.rstrip("s") for m in normaliser(texte).split() if m not in _VIDES)


def profil(o: Offer, s: Structure | None) -> Profil:
    nom_structure = normaliser((s.nom if s else "").replace("(démo)", ""))
    nom_structure = " ".join(m for m in nom_structure.split() if m not in _GENERIQUES)
    zones = frozenset(o.zone_eligibilite or ())
    if o.code_insee:
        zones |= {o.code_insee}
    return Profil(o.id, o.structure_id, normaliser(o.nom), _mots(o.nom), nom_structure,
                  s.siret if s else None, o.code_insee, zones, frozenset(o.thematiques or ()),
                  frozenset(list(_mots(o.description or ""))[:80]))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def sim_nom(a: Profil, b: Profil) -> float:
    """Words in common, a misspelt word counting as common (`atelier` / `ateliers`, `C.V.` /
    `CV`), or the whole names nearly equal as strings (squared: 0.6 alike is not alike)."""
    communs = sum(1 for m in a.mots if any(_proches(m, n) for n in b.mots))
    mots = communs / (len(a.mots) + len(b.mots) - communs) if a.mots or b.mots else 0.0
    return max(mots, SequenceMatcher(None, a.nom, b.nom).ratio() ** 2)


def _proches(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.85)


def sim_structure(a: Profil, b: Profil) -> float:
    """1 for the same structure or SIRET; else how many words their names share (words, not
    characters: "Mission emploi de Lens" and "… de Rennes" are two structures)."""
    if a.structure_id == b.structure_id or (a.siret and a.siret == b.siret):
        return 1.0
    return _jaccard(frozenset(a.structure.split()), frozenset(b.structure.split()))


def _departements(zones: frozenset[str]) -> set[str]:
    deps: set[str] = set()
    for z in zones:
        sorte = territoires.type_de_zone(z)
        if sorte == "departement":
            deps.add(z)
        elif sorte == "commune" and (c := territoires.commune(z)):
            deps.add(c.departement)
        elif sorte == "epci":
            deps |= {c.departement for c in territoires.communes_de_epci(z)[:1]}
    return deps


def sim_lieu(a: Profil, b: Profil) -> float:
    """1 same commune; 0 when both take place in different communes (two sessions of one
    workshop are two services) or serve disjoint territories; 0.7 overlapping local zones;
    0.4 same département or a national zone in common."""
    if a.commune and a.commune == b.commune:
        return 1.0
    if a.commune and b.commune:
        return 0.0
    if (a.zones & b.zones) - _NATIONAUX:
        return 0.7
    if not a.zones or not b.zones or a.zones & b.zones or _departements(a.zones) & _departements(
            b.zones):
        return 0.4
    return 0.0


def evaluer(a: Profil, b: Profil) -> Candidat | None:
    """The pair as a candidate, or None below the gates or the threshold."""
    nom, lieu = sim_nom(a, b), sim_lieu(a, b)
    if nom < NOM_MIN or lieu == 0:
        return None
    structure = sim_structure(a, b)
    them = _jaccard(a.thematiques, b.thematiques)
    desc = _jaccard(a.description, b.description)
    score = 0.35 * nom + 0.2 * structure + 0.15 * lieu + 0.15 * them + 0.15 * desc
    if score < SEUIL:
        return None
    return Candidat(a.id, b.id, round(score, 3), _raisons(a, b, nom, structure, lieu, them))


def _raisons(a: Profil, b: Profil, nom: float, structure: float, lieu: float,
             them: float) -> tuple[str, ...]:
    raisons = [f"Noms proches ({round(nom * 100)} %)"]
    if a.structure_id == b.structure_id:
        raisons.append("Même structure")
    elif a.siret and a.siret == b.siret:
        raisons.append("Même SIRET de structure")
    elif structure >= 0.5:
        raisons.append(f"Structures aux noms proches ({round(structure * 100)} %)")
    raisons.append({1.0: "Même commune", 0.7: "Zones qui se recouvrent"}.get(lieu, "Même département"))
    if them:
        raisons.append(f"{round(them * 100)} % de thématiques communes")
    return tuple(raisons)


def _paires(profils: list[Profil]) -> Iterator[tuple[Profil, Profil]]:
    """Blocking: pairs sharing a rare name word, or the same structure / SIRET."""
    blocs: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profils):
        for mot in p.mots:
            blocs[f"m:{mot}"].append(i)
        blocs[f"s:{p.structure_id}"].append(i)
        if p.siret:
            blocs[f"siret:{p.siret}"].append(i)
    vues: set[tuple[int, int]] = set()
    for membres in blocs.values():
        if len(membres) > BLOC_MAX:
            continue
        for i, j in combinations(membres, 2):
            if (i, j) not in vues:
                vues.add((i, j))
                yield profils[i], profils[j]


def candidats(offres: Iterable[Offer], structures: dict[str, Structure],
              exclus: set[tuple[str, str]] | None = None) -> list[Candidat]:
    """Candidate pairs, best first; `exclus` are sorted id pairs said not to be duplicates."""
    profils = [profil(o, structures.get(o.structure_id)) for o in offres]
    trouves = []
    for a, b in _paires(profils):
        if exclus and tuple(sorted((a.id, b.id))) in exclus:
            continue
        c = evaluer(a, b)
        if c is not None:
            trouves.append(c if c.a < c.b else Candidat(c.b, c.a, c.score, c.raisons))
    return sorted(trouves, key=lambda c: (-c.score, c.a, c.b))
