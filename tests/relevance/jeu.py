"""The judged relevance set and its measures, shared by `tests/relevance` and `bench/pertinence.py`.

`requetes.json` holds référent queries over the demo catalogue (`catalogue.demo`), each with:
`id` (stable), `type` (what the query tests, see `TYPES`), `commune` (INSEE code of the person),
`q`, `freins`, and `pertinents`: the offers that should come first, judged by reading the demo
offers and their structures — never from what a search returns. A judged offer is always eligible
for the commune: its `zone_eligibilite` is empty or covers the commune (its EPCI, département or
`france`), and it is within 50 km of the commune or available `a-distance` (data·inclusion's rule).

Measures are binary-relevance recall@10 and nDCG@10, averaged over queries, overall and per type.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FICHIER = Path(__file__).with_name("requetes.json")
K = 10

#: query types, in the order tables show them
TYPES = {
    "exact": "mots du catalogue",
    "quotidien": "mots de tous les jours",
    "typo": "fautes de frappe, accents oubliés",
    "synonyme": "synonymes",
    "acronyme": "sigles et abréviations",
    "structure": "nom d'une structure",
    "description": "mot d'une description d'offre",
    "description_structure": "mot de la description d'une structure",
    "publics": "publics et leurs précisions",
    "reseau": "réseau porteur",
    "village": "petite commune loin des offres",
    "a_distance": "offres à distance et leur zone",
}

Requete = dict[str, Any]


def charger() -> list[Requete]:
    requetes: list[Requete] = json.loads(FICHIER.read_text(encoding="utf-8"))
    return requetes


def ndcg(classement: list[str], pertinents: set[str], k: int = K) -> float:
    gain = sum(1 / math.log2(i + 2) for i, ident in enumerate(classement[:k]) if ident in pertinents)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(pertinents))))
    return gain / ideal


def rappel(classement: list[str], pertinents: set[str], k: int = K) -> float:
    return len(set(classement[:k]) & pertinents) / len(pertinents)


@dataclass(frozen=True)
class Score:
    requetes: int
    rappel: float
    ndcg: float

    def en_dict(self) -> dict[str, float | int]:
        return {"requetes": self.requetes, "rappel@10": round(self.rappel, 3),
                "ndcg@10": round(self.ndcg, 3)}


def _moyenne(paires: list[tuple[float, float]]) -> Score:
    n = len(paires)
    return Score(n, sum(r for r, _ in paires) / n, sum(g for _, g in paires) / n)


@dataclass(frozen=True)
class Bilan:
    """One engine's figures on the set: overall, per type, and the queries it misses."""

    global_: Score
    par_type: dict[str, Score]
    manquees: list[str]

    def en_dict(self) -> dict[str, Any]:
        return {"global": self.global_.en_dict(),
                "par_type": {t: s.en_dict() for t, s in self.par_type.items()}}


def evaluer(requetes: Iterable[Requete], classer: Callable[[Requete], list[str]]) -> Bilan:
    """Runs `classer` (a query -> ranked offer ids) on every query and averages the measures."""
    toutes: list[tuple[float, float]] = []
    par_type: dict[str, list[tuple[float, float]]] = {}
    manquees = []
    for r in requetes:
        classement = classer(r)
        pertinents = set(r["pertinents"])
        paire = (rappel(classement, pertinents), ndcg(classement, pertinents))
        toutes.append(paire)
        par_type.setdefault(r["type"], []).append(paire)
        if paire[0] < 1:
            manquees.append(f"  n°{r['id']} [{r['type']}] « {r['q']} » ({r['commune']}) : "
                            f"{classement[:5]}")
    ordre = [t for t in TYPES if t in par_type] + sorted(set(par_type) - set(TYPES))
    return Bilan(_moyenne(toutes), {t: _moyenne(par_type[t]) for t in ordre}, manquees)


def tableau(bilans: Mapping[str, Bilan]) -> str:
    """A Markdown table, one row per type then the overall row, two columns per engine."""
    moteurs = list(bilans)
    premier = bilans[moteurs[0]]
    entete = "| type | requêtes | " + " | ".join(
        f"{m} rappel@10 | {m} nDCG@10" for m in moteurs) + " |"
    lignes = [entete, "|---|---:|" + "---:|---:|" * len(moteurs)]

    def ligne(nom: str, scores: list[Score]) -> str:
        cellules = " | ".join(f"{s.rappel:.3f} | {s.ndcg:.3f}" for s in scores)
        return f"| {nom} | {scores[0].requetes} | {cellules} |"

    for t in premier.par_type:
        lignes.append(ligne(t, [bilans[m].par_type[t] for m in moteurs]))
    lignes.append(ligne("**toutes**", [bilans[m].global_ for m in moteurs]))
    return "\n".join(lignes)
