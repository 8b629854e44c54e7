"""The API's full dumps of 100,000 services: time and memory.

Imports the same deterministic 100,000-service file as `bench/import.py` into SQLite, then, in a fresh
process (so its peak memory is the dump's alone), asks the API for `/api/v1/exports/services.json`
the way a harvester would: the first request writes every dump (structures and services, JSON and
CSV, each record validated by the schema package); the next ones are served from the files, and a
conditional GET with the ETag answers 304. A second fresh process that only starts the app and
answers a small request gives the baseline memory.

    python bench/exports_api.py [--services N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from catalogue import create_app, db  # noqa: E402
from importers import importer_pour  # noqa: E402
from importers.base import importer  # noqa: E402


def _generateur() -> Any:
    """`generer` of bench/import.py (same file, same seed)."""
    spec = importlib.util.spec_from_file_location("bench_import", RACINE / "bench" / "import.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generer


def _app(dossier: Path) -> Any:
    return create_app({"DATABASE_URL": f"sqlite:///{dossier / 'bench.db'}",
                       "SEARCH_INDEX_DIR": str(dossier / "index"), "API_LIMITES_ACTIVES": False,
                       "API_EXPORTS_DIR": str(dossier / "exports-api")})


def processus_export(dossier: Path, seulement_demarrer: bool) -> dict[str, Any]:
    """Run in a child process: one harvester's requests, timed."""
    client = _app(dossier).test_client()
    if seulement_demarrer:
        assert client.get("/api/v1/doc/frais").status_code == 200
        return {"memoire_max_mo": _memoire_mo()}
    t0 = time.perf_counter()
    premiere = client.get("/api/v1/exports/services.json")
    octets, lignes = _lire(premiere)
    t1 = time.perf_counter()
    seconde = client.get("/api/v1/exports/services.csv")
    _lire(seconde)
    t3 = time.perf_counter()
    conditionnelle = client.get("/api/v1/exports/services.json",
                                headers={"If-None-Match": premiere.headers["ETag"]})
    t4 = time.perf_counter()
    assert premiere.status_code == 200 and seconde.status_code == 200
    assert conditionnelle.status_code == 304
    return {"premiere_requete_s": round(t1 - t0, 2), "services": lignes - 2,
            "taille_services_json_mo": round(octets / 1e6, 1),
            "requete_suivante_s": round(t3 - t1, 3), "get_conditionnel_304_s": round(t4 - t3, 4),
            "memoire_max_mo": _memoire_mo()}


def _lire(reponse: Any) -> tuple[int, int]:
    """Read an answer as a harvester streams it (bytes, lines), without keeping it in memory."""
    octets = lignes = 0
    for morceau in reponse.response:
        octets += len(morceau)
        lignes += morceau.count(b"\n")
    reponse.close()
    return octets, lignes


def _memoire_mo() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _enfant(dossier: Path, seulement_demarrer: bool) -> dict[str, Any]:
    commande = [sys.executable, __file__, "--enfant", str(dossier)]
    if seulement_demarrer:
        commande.append("--demarrer")
    sortie = subprocess.run(commande, check=True, capture_output=True, text=True)
    resultat: dict[str, Any] = json.loads(sortie.stdout.strip().splitlines()[-1])
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--enfant", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--demarrer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enfant:
        print(json.dumps(processus_export(args.enfant, args.demarrer)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-exports-api-") as tmp:
        dossier = Path(tmp)
        fichier = dossier / "catalogue.jsonl"
        _generateur()(fichier, args.services)
        app = _app(dossier)
        with app.app_context():
            db.creer_tables()
            t0 = time.perf_counter()
            rapport = importer(importer_pour([fichier]), db.engine(),
                               processus=app.config["IMPORT_PROCESSES"])
            print(f"Import de {args.services} services : {time.perf_counter() - t0:.1f} s "
                  f"({rapport.run['statut']})")
        base = _enfant(dossier, seulement_demarrer=True)
        mesure = _enfant(dossier, seulement_demarrer=False)
    mesure["memoire_base_mo"] = base["memoire_max_mo"]
    mesure["memoire_export_mo"] = mesure["memoire_max_mo"] - base["memoire_max_mo"]
    print(f"Exports complets (4 fichiers) à la première requête : {mesure['premiere_requete_s']} s "
          f"pour {mesure['services']} services ({mesure['taille_services_json_mo']} Mo en JSON) | "
          f"requête suivante {mesure['requete_suivante_s']} s | 304 en "
          f"{mesure['get_conditionnel_304_s']} s | mémoire max {mesure['memoire_max_mo']} Mo "
          f"(dont {mesure['memoire_export_mo']} Mo au-dessus d'une app qui démarre)")
    _ecrire(args.services, mesure)


def _ecrire(n: int, mesure: dict[str, Any]) -> None:
    sortie = RACINE / "bench" / "results"
    sortie.mkdir(parents=True, exist_ok=True)
    document = {"bench": "exports_api", "services": n, "machine": {
        "cpu": os.cpu_count(), "python": platform.python_version(), "systeme": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"), "resultats": mesure}
    (sortie / "exports_api.json").write_text(json.dumps(document, indent=2, ensure_ascii=False)
                                             + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
