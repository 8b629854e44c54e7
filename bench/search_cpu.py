"""Search and reindex CPU time, this tree side by side with another revision, on the same offers
and queries.

    python bench/search_cpu.py                       # against 9c021b1 (before issue 14)
    python bench/search_cpu.py --contre REV --offres 20000 --requetes 400
    python bench/search_cpu.py --contre 900a997 --offres 100000 --segments 5   # an index after imports

Wall-clock figures (`bench/search.py`) swing with whatever else runs on a shared 2-core machine;
CPU time of the process (`time.process_time`) much less. This script draws one corpus and one
workload with `bench/search.py`'s generator (here, once), then runs the same reindex and the same
queries with this tree's `search` package and with the other revision's (checked out in a
temporary git worktree), alternating, and prints CPU per query (p50, p95, mean) and reindex CPU.
With `--segments K`, the index is what imports leave: a rebuild of most offers, then K - 1
upserts of 6 % of them each, kept as segments of their own. Results go to
`bench/results/search_cpu.json` (`search_cpu_segments.json` with `--segments`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from revision import RACINE, revision_extraite

#: the fields of `Requete` both revisions know
CHAMPS = ("commune", "q", "freins", "publics", "types", "frais", "modes_accueil", "thematiques",
          "heures_min", "heures_max", "heures_connues", "page")

MESURE = """
import pickle, statistics, sys, tempfile, time
import numpy as np
from search import Index, Requete, RequeteInvalide
docs, requetes = pickle.load(open(sys.argv[1], "rb"))
segments = int(sys.argv[2])
# the upserts' segments, 6 % of the offers each, stay apart: more than 5 % of the index
# (`ecriture.a_fusionner`)
reste = len(docs) * (segments - 1) * 6 // 100
morceaux = np.array_split(np.arange(len(docs) - reste, len(docs)), max(1, segments - 1))
with tempfile.TemporaryDirectory() as dossier:
    index = Index.open(dossier)
    c0 = time.process_time()
    index.rebuild(docs[: len(docs) - reste])
    reindex = time.process_time() - c0
    for morceau in morceaux if segments > 1 else []:
        index.upsert([docs[i] for i in morceau])
    n_segments = len(index.vue().segments)
    def chercher(r):
        try:
            index.search(Requete(**r))
        except RequeteInvalide:
            pass
    for r in requetes[: len(requetes) // 4]:
        chercher(r)  # warm-up: segments loaded, caches filled
    durees = []
    for r in requetes:
        c0 = time.process_time()
        chercher(r)
        durees.append((time.process_time() - c0) * 1000)
print(repr({"reindex_cpu_s": round(reindex, 2), "segments": n_segments,
            "p50_ms": round(float(np.percentile(durees, 50)), 2),
            "p95_ms": round(float(np.percentile(durees, 95)), 2),
            "moyenne_ms": round(statistics.fmean(durees), 2)}))
"""


def _banc() -> Any:
    spec = importlib.util.spec_from_file_location("banc_recherche", RACINE / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["banc_recherche"] = module
    spec.loader.exec_module(module)
    return module


def preparer(fichier: Path, departements: list[str], n_offres: int, n_requetes: int) -> None:
    banc = _banc()
    territoire = banc.Territoire.de(departements)
    docs = banc.corpus(territoire, n_offres, 11)
    communes = [c for d in departements for c in territoire.communes_par_dep[d].elements]
    requetes = banc.charge(banc.Tirage(communes, [1] * len(communes)), n_requetes, graine=3)
    lignes = [{c: getattr(r, c) for c in CHAMPS} for r in requetes]
    fichier.write_bytes(pickle.dumps((docs, lignes)))


def mesurer(racine: Path, fichier: Path, segments: int) -> dict[str, float]:
    sortie = subprocess.run([sys.executable, "-c", MESURE, str(fichier), str(segments)], cwd=racine,
                            env={"PYTHONPATH": str(racine), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, check=True)
    return dict(eval(sortie.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own repr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contre", default="9c021b1", help="révision de comparaison")
    parser.add_argument("--offres", type=int, default=20_000)
    parser.add_argument("--requetes", type=int, default=400)
    parser.add_argument("--departements", default="62,35,48,59,75,13")
    parser.add_argument("--tours", type=int, default=2)
    parser.add_argument("--segments", type=int, default=1,
                        help="segments de l'index mesuré (1 : une reconstruction)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        dossier = Path(tmp)
        fichier = dossier / "donnees.pkl"
        preparer(fichier, args.departements.split(","), args.offres, args.requetes)
        with revision_extraite(args.contre) as autre:
            tours = []
            for _ in range(args.tours):
                tours.append({"ici": mesurer(RACINE, fichier, args.segments),
                              args.contre: mesurer(autre, fichier, args.segments)})
                print(tours[-1], flush=True)
    resultat = {"bench": "search_cpu", "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                "offres": args.offres, "requetes": args.requetes,
                "departements": args.departements, "contre": args.contre,
                "segments": args.segments, "tours": tours}
    nom = "search_cpu.json" if args.segments == 1 else "search_cpu_segments.json"
    (RACINE / "bench" / "results" / nom).write_text(
        json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
