"""Where the time of an import goes, on SQLite: the figures behind the import target discussion.

Imports the same deterministic file as `bench/import.py` (default 100,000 services) into a fresh
SQLite catalogue with its search index, and wraps the main steps of the writing process with timers
(nothing else changes: same code path, same options as `catalogue import`). Prints the wall time,
the CPU time of the writing process and of the validation workers, and the seconds spent in each
step; writes `bench/results/import_detail.json`.

    python bench/import_detail.py [--services N]

The steps overlap: `ecriture des lots` contains the database writes and the commits, and a commit
contains the search index update (`index : documents écrits`).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from concurrent.futures import Future  # noqa: E402

from sqlalchemy.orm import Session  # noqa: E402

import importers.base as base  # noqa: E402
from catalogue import create_app, db, recherche, services  # noqa: E402
from catalogue.curation import historique  # noqa: E402
from importers import importer_pour  # noqa: E402

#: (module or class, function name, label)
ETAPES: list[tuple[Any, str, str]] = [
    (base.Execution, "_ecrire", "ecriture des lots (tout compris)"),
    (Session, "commit", "commits (index compris)"),
    (recherche._Differe, "pousser", "index : documents écrits"),
    (recherche._Differe, "terminer", "index : dernier segment"),
    (services, "_preparer_documents", "index : documents préparés"),
    (services, "_ecrire", "base : lignes des offres"),
    (services, "_ecrire_tags", "base : étiquettes"),
    (historique, "noter", "base : historique"),
    (base.Execution, "_stocker_items", "base : rapport par enregistrement"),
    (base, "collecter_les_jeunes", "ramasse-miettes (jeunes générations)"),
    (Future, "result", "attente des validations"),
]


def chronometrer(secondes: Counter[str]) -> None:
    for cible, nom, libelle in ETAPES:
        setattr(cible, nom, _chrono(getattr(cible, nom), libelle, secondes))


def _chrono(fonction: Callable[..., Any], libelle: str,
            secondes: Counter[str]) -> Callable[..., Any]:
    @functools.wraps(fonction)
    def mesuree(*args: Any, **kwargs: Any) -> Any:
        debut = time.perf_counter()
        try:
            return fonction(*args, **kwargs)
        finally:
            secondes[libelle] += time.perf_counter() - debut

    return mesuree


def _cpu(qui: int) -> float:
    usage = resource.getrusage(qui)
    return usage.ru_utime + usage.ru_stime


def mesurer(fichier: Path, n_services: int, dossier: Path) -> dict[str, Any]:
    secondes: Counter[str] = Counter()
    chronometrer(secondes)
    app = create_app({"DATABASE_URL": f"sqlite:///{dossier / 'detail.db'}",
                      "SEARCH_INDEX_DIR": str(dossier / "index")})
    with app.app_context():
        db.creer_tables()
        options = {"taille_lot": app.config["IMPORT_BATCH_SIZE"],
                   "processus": app.config["IMPORT_PROCESSES"]}
        cpu_principal, cpu_ouvriers = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        debut = time.perf_counter()
        rapport = base.importer(importer_pour([fichier]), db.engine(), **options)
        duree = time.perf_counter() - debut
    assert rapport.run["compteurs"].get("rejected", 0) == 0, rapport.run
    return {
        "duree_s": round(duree, 2), "services_par_s": round(n_services / duree),
        "cpu_redacteur_s": round(_cpu(resource.RUSAGE_SELF) - cpu_principal, 1),
        "cpu_ouvriers_s": round(_cpu(resource.RUSAGE_CHILDREN) - cpu_ouvriers, 1),
        "etapes_s": {libelle: round(secondes[libelle], 2) for _, _, libelle in ETAPES},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    args = parser.parse_args()
    generer = importlib.import_module("import").generer  # bench/import.py: same file
    with tempfile.TemporaryDirectory(prefix="bench-import-detail-") as tmp:
        dossier = Path(tmp)
        fichier = dossier / "catalogue.jsonl"
        generer(fichier, args.services)
        r = mesurer(fichier, args.services, dossier)
    print(f"SQLite, {args.services} services : {r['duree_s']:.1f} s = {r['services_par_s']} "
          f"services/s ; CPU du processus rédacteur {r['cpu_redacteur_s']} s, des ouvriers de "
          f"validation {r['cpu_ouvriers_s']} s")
    for libelle, s in r["etapes_s"].items():
        print(f"  {libelle:40} {s:7.2f} s")
    sortie = RACINE / "bench" / "results"
    sortie.mkdir(parents=True, exist_ok=True)
    document = {"bench": "import_detail", "services": args.services,
                "date": time.strftime("%Y-%m-%d %H:%M:%S"), "resultats": r}
    (sortie / "import_detail.json").write_text(json.dumps(document, indent=2, ensure_ascii=False)
                                               + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
