"""The search API's latency: `/api/v1/search/services` end to end, beside the search service alone.

Imports N services generated as in `bench/import.py` (same generator and seed) into SQLite, then runs
the same seeded queries (a commune of the corpus, sometimes a thématique, a frein, a public, a word)
twice: through the Flask test client on the API route (parameter reading, search, rows loaded, JSON),
and straight on `index().search(Requete)`. The difference is what the API layer costs.

Side by side with an older checkout: copy this file into it and run it there with `--ancien` (the
route then takes the project's former `commune` parameter instead of `code_commune`).

    python bench/api_recherche.py [--services N] [--requetes N] [--ancien] [--sortie FICHIER]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from catalogue import create_app, db  # noqa: E402
from catalogue.recherche import index  # noqa: E402
from catalogue.referentiels import freins, territoires  # noqa: E402
from importers import importer_pour  # noqa: E402
from importers.base import importer  # noqa: E402
from search import Requete  # noqa: E402

CATEGORIES = ("mobilite", "sante", "famille", "numerique", "trouver-un-emploi", "se-former")
MOTS = ("atelier", "permis", "emploi", "garde", "numérique", "santé", "")


def _generateur() -> Any:
    spec = importlib.util.spec_from_file_location("bench_import", RACINE / "bench" / "import.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generer


def requetes(n: int, graine: int = 20261207) -> list[dict[str, str]]:
    hasard = random.Random(graine)
    communes = [c.code for d in ("62", "59", "35", "48", "75", "13", "69")
                for c in territoires.communes_du_departement(d)]
    sortie = []
    for _ in range(n):
        r = {"commune": hasard.choice(communes)}
        if hasard.random() < .5:
            r["thematiques"] = hasard.choice(CATEGORIES)
        if hasard.random() < .3:
            r["freins"] = hasard.choice([f.slug for f in freins.FREINS])
        if hasard.random() < .3:
            r["q"] = hasard.choice(MOTS)
        sortie.append(r)
    return sortie


def _url(r: dict[str, str], ancien: bool) -> str:
    nom_commune = "commune" if ancien else "code_commune"
    parametres = {nom_commune if k == "commune" else k: v for k, v in r.items()}
    if ancien and "thematiques" in parametres:
        parametres["categories"] = parametres.pop("thematiques")
    return "/api/v1/search/services?" + "&".join(f"{k}={v}" for k, v in parametres.items())


def _requete(r: dict[str, str]) -> Requete:
    return Requete(commune=r["commune"], categories=tuple(filter(None, [r.get("thematiques")])),
                   freins=tuple(filter(None, [r.get("freins")])), q=r.get("q", ""))


def _percentiles(durees: list[float]) -> dict[str, float]:
    durees = sorted(durees)
    return {"p50_ms": round(statistics.median(durees) * 1000, 2),
            "p95_ms": round(durees[int(len(durees) * .95) - 1] * 1000, 2),
            "moyenne_ms": round(statistics.fmean(durees) * 1000, 2)}


def mesurer(dossier: Path, n_services: int, n_requetes: int, ancien: bool) -> dict[str, Any]:
    app = create_app({"DATABASE_URL": f"sqlite:///{dossier / 'bench.db'}",
                      "SEARCH_INDEX_DIR": str(dossier / "index"), "API_LIMITES_ACTIVES": False})
    fichier = dossier / "catalogue.jsonl"
    _generateur()(fichier, n_services)
    with app.app_context():
        db.creer_tables()
        importer(importer_pour([fichier]), db.engine(), processus=app.config["IMPORT_PROCESSES"])
    client = app.test_client()
    charge = requetes(n_requetes)
    for r in requetes(50, graine=1):  # warm-up: segments loaded, caches filled
        client.get(_url(r, ancien))
    api, moteur = [], []
    for r in charge:
        t0 = time.perf_counter()
        reponse = client.get(_url(r, ancien))
        api.append(time.perf_counter() - t0)
        assert reponse.status_code == 200, (r, reponse.get_json())
        with app.app_context():
            t0 = time.perf_counter()
            index().search(_requete(r))
            moteur.append(time.perf_counter() - t0)
    return {"api": _percentiles(api), "service_de_recherche": _percentiles(moteur)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--requetes", type=int, default=500)
    parser.add_argument("--ancien", action="store_true", help="ancien paramètre `commune`")
    parser.add_argument("--sortie", type=Path, default=RACINE / "bench" / "results" / "api_recherche.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-api-recherche-") as tmp:
        mesure = mesurer(Path(tmp), args.services, args.requetes, args.ancien)
    print(f"{args.services} services, {args.requetes} requêtes — API : p50 {mesure['api']['p50_ms']} ms, "
          f"p95 {mesure['api']['p95_ms']} ms | service de recherche seul : p50 "
          f"{mesure['service_de_recherche']['p50_ms']} ms, p95 {mesure['service_de_recherche']['p95_ms']} ms")
    args.sortie.parent.mkdir(parents=True, exist_ok=True)
    args.sortie.write_text(json.dumps({
        "bench": "api_recherche", "services": args.services, "requetes": args.requetes,
        "ancien": args.ancien, "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {"cpu": os.cpu_count(), "python": platform.python_version()},
        "resultats": mesure}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
