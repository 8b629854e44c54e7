"""Test data for the curation tests: the labelled duplicate set, built from the demo catalogue plus
the crafted records of `tests/data/curation/doublons.json` (see its `_lisez_moi`)."""

from __future__ import annotations

import copy
import json
from itertools import combinations
from pathlib import Path
from typing import Any

from catalogue.demo.generateur import generer_catalogue

JEU = Path(__file__).resolve().parent / "data" / "curation" / "doublons.json"


def jeu_doublons() -> tuple[dict[str, list[dict[str, Any]]], set[tuple[str, str]]]:
    """(catalogue with the crafted records, gold duplicate pairs as sorted id tuples)."""
    catalogue = generer_catalogue()
    services = {s["id"]: s for s in catalogue["services"]}
    structures = {s["id"]: s for s in catalogue["structures"]}
    groupes: dict[str, str] = {}
    for e in json.loads(JEU.read_text(encoding="utf-8"))["enregistrements"]:
        service = _fabriquer(e, services, structures)
        services[service["id"]] = service
        if e["doublon_de"]:
            groupes[e["id"]] = groupes.get(e["doublon_de"], e["doublon_de"])
    return ({"structures": list(structures.values()), "services": list(services.values())},
            _paires(groupes))


def _fabriquer(e: dict[str, Any], services: dict[str, Any], structures: dict[str, Any]
               ) -> dict[str, Any]:
    base = copy.deepcopy(services[e["base"]])
    source = e["id"].split("--")[0]
    service = {**base, **e.get("modifs", {}), "id": e["id"], "source": source}
    if e.get("premier_paragraphe"):
        service["description"] = base["description"].split("\n")[0]
    if "structure" in e:
        s = {**structures[base["structure_id"]], **e["structure"], "source": source}
        s["description"] = None
        structures[s["id"]] = s
        service["structure_id"] = s["id"]
    return service


def _paires(groupes: dict[str, str]) -> set[tuple[str, str]]:
    par_racine: dict[str, set[str]] = {}
    for membre, racine in groupes.items():
        par_racine.setdefault(racine, {racine}).add(membre)
    return {tuple(sorted(p)) for membres in par_racine.values()  # type: ignore[misc]
            for p in combinations(sorted(membres), 2)}
