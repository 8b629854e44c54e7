"""Relevance set: realistic référent queries over the demo catalogue and the offers that should
come first (see `jeu.py`). Reports recall@10 and nDCG@10, overall and per query type, and fails
below the level reached, so it can only go up.

Run `pytest tests/relevance -s` to see the figures and the queries that miss.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlmodel import Session, col, select

from catalogue.demo.chargement import charger_demo
from catalogue.models import Offer
from catalogue.recherche import index_de
from catalogue.referentiels import territoires
from search import Index, Requete
from tests.relevance.jeu import TYPES, Bilan, charger, evaluer, tableau

REQUETES = charger()

#: levels reached by the search on main when this set was written (raise them when it improves)
RAPPEL_MIN = 0.64
NDCG_MIN = 0.58


def test_relevance_set_is_real(engine: Any):
    """Every query is well formed and every judged offer exists and may serve the person: its zone
    is empty or covers the commune, its EPCI, its département or `france`."""
    charger_demo(engine)
    assert len(REQUETES) >= 130
    assert len({r["id"] for r in REQUETES}) == len(REQUETES)
    with Session(engine) as s:
        zones = {ident: zone for ident, zone in s.exec(select(col(Offer.id), col(Offer.zone_eligibilite)))}
    for r in REQUETES:
        assert r["type"] in TYPES, r
        assert r["pertinents"] and set(r["pertinents"]) <= set(zones), r
        englobantes = set(territoires.zones_englobantes(r["commune"]))
        assert englobantes, r
        for ident in r["pertinents"]:
            zone = zones[ident]
            assert not zone or englobantes & set(zone), (r["id"], ident, zone)


def classer_avec(idx: Index) -> Any:
    def classer(r: dict[str, Any]) -> list[str]:
        resultat = idx.search(Requete(commune=r["commune"], q=r["q"], freins=tuple(r["freins"]),
                                      par_page=10))
        return [h.id for h in resultat.hits]

    return classer


def test_recall_and_ndcg_at_10(app: Flask, engine: Any):
    charger_demo(engine)
    bilan: Bilan = evaluer(REQUETES, classer_avec(index_de(app.config["SEARCH_INDEX_DIR"])))
    print(f"\nPertinence sur {len(REQUETES)} requêtes : recall@10 = {bilan.global_.rappel:.3f}, "
          f"nDCG@10 = {bilan.global_.ndcg:.3f}")
    print(tableau({"nous": bilan}))
    print("\n".join(bilan.manquees))
    assert bilan.global_.rappel >= RAPPEL_MIN
    assert bilan.global_.ndcg >= NDCG_MIN
