"""Import and export throughput, SQLite and PostgreSQL side by side.

Generates a deterministic data·inclusion v1 JSON Lines file of 100,000 services (and their
structures), then measures, end to end through the real command path (reading, validation with the
marshmallow rules and the schema package, quality score, writes, per-record report): a full import
into SQLite, the same into a throwaway PostgreSQL 15, a second import of the same file (everything
unchanged) and a full export. Target: >= 2,000 services/s end to end on SQLite.

    python bench/import.py [--services N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from catalogue import create_app, db  # noqa: E402
from catalogue.exports import exporter  # noqa: E402
from catalogue.referentiels import territoires, vocabulaires  # noqa: E402
from importers import importer_pour  # noqa: E402
from importers.base import importer  # noqa: E402
from scripts.pgtemp import serveur_postgres  # noqa: E402

CIBLE_SQLITE = 2000.0
MOTS = ("accompagnement atelier emploi mobilité permis garde enfants crèche santé logement budget "
        "numérique français lecture écriture remobilisation confiance bénévolat sport culture "
        "formation candidature entretien recrutement insertion parcours collectif individuel "
        "hebdomadaire rendez-vous conseiller référent démarches droits").split()


def generer(chemin: Path, n_services: int, graine: int = 20261123) -> int:
    """Write structures then services as JSON Lines; returns the number of lines."""
    hasard = random.Random(graine)
    communes = [c for d in ("62", "59", "35", "48", "75", "13", "69") for c in
                territoires.communes_du_departement(d)]
    thematiques = sorted(vocabulaires.valeurs("thematiques"))
    publics = sorted(vocabulaires.valeurs("publics") - {vocabulaires.TOUS_PUBLICS})
    n_structures = max(1, n_services // 20)
    with chemin.open("w", encoding="utf-8") as f:
        for i in range(n_structures):
            c = hasard.choice(communes)
            f.write(json.dumps({"source": "bench", "id": f"bench--s{i}", "nom": f"Structure {i}",
                                "date_maj": "2025-05-01", "code_insee": c.code,
                                "commune": c.nom}, ensure_ascii=False) + "\n")
        for i in range(n_services):
            f.write(json.dumps(_service(hasard, i, n_structures, communes, thematiques, publics),
                               ensure_ascii=False) + "\n")
    return n_structures + n_services


def _service(hasard: random.Random, i: int, n_structures: int, communes: list[Any],
             thematiques: list[str], publics: list[str]) -> dict[str, Any]:
    c = hasard.choice(communes)
    zone = hasard.choice(([c.code], [c.departement], [c.epci or c.departement], ["france"]))
    return {
        "source": "bench", "structure_id": f"bench--s{hasard.randrange(n_structures)}",
        "id": f"bench--o{i}", "nom": " ".join(hasard.choices(MOTS, k=4)).capitalize(),
        "description": " ".join(hasard.choices(MOTS, k=hasard.randint(30, 120))).capitalize() + ".",
        "date_maj": f"2025-{hasard.randint(1, 12):02d}-{hasard.randint(1, 28):02d}",
        "type": hasard.choice(sorted(vocabulaires.valeurs("type"))),
        "thematiques": hasard.sample(thematiques, hasard.randint(1, 3)),
        "publics": hasard.sample(publics, hasard.randint(1, 2)) if hasard.random() < .6
        else ["tous-publics"],
        "frais": hasard.choice(("gratuit", "payant")), "modes_accueil": ["en-presentiel"],
        "zone_eligibilite": zone, "code_insee": c.code, "commune": c.nom,
        "telephone": "01 99 00 00 00", "modes_mobilisation": ["telephoner"],
        "mobilisable_par": ["professionnels"],
        "volume_horaire_hebdomadaire": hasard.choice((None, 2.0, 3.0, 6.0, 12.0)),
        "nombre_semaines": hasard.choice((None, 1, 4, 12, 26)),
        "horaires_accueil": "Mo-Fr 09:00-12:00",
    }


def mesurer(url: str, fichier: Path, n_services: int, dossier: Path) -> dict[str, Any]:
    app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(dossier / "index")})
    with app.app_context():
        db.creer_tables()
        moteur = db.engine()
        t0 = time.perf_counter()
        options = {"taille_lot": app.config["IMPORT_BATCH_SIZE"],
                   "processus": app.config["IMPORT_PROCESSES"]}  # as `catalogue import` does
        premier = importer(importer_pour([fichier]), moteur, **options)
        t1 = time.perf_counter()
        second = importer(importer_pour([fichier]), moteur, **options)
        t2 = time.perf_counter()
        with db.session_scope() as session:
            bilan = exporter(session, dossier / "export", "jsonl")
        t3 = time.perf_counter()
    assert premier.run["compteurs"].get("rejected", 0) == 0, premier.run
    assert second.run["compteurs"]["unchanged"] == premier.run["compteurs"]["total"]
    return {
        "import_s": round(t1 - t0, 2), "services_par_s": round(n_services / (t1 - t0)),
        "reimport_inchange_s": round(t2 - t1, 2),
        "reimport_services_par_s": round(n_services / (t2 - t1)),
        "export_s": round(t3 - t2, 2), "export_services_par_s": round(n_services / (t3 - t2)),
        "exportes": bilan.ecrits,
        "memoire_max_mo": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        dossier = Path(tmp)
        fichier = dossier / "catalogue.jsonl"
        lignes = generer(fichier, args.services)
        taille = fichier.stat().st_size / 1e6
        print(f"Fichier : {lignes} lignes ({args.services} services), {taille:.1f} Mo")
        resultats: dict[str, Any] = {}
        resultats["sqlite"] = mesurer(f"sqlite:///{dossier / 'bench.db'}", fichier,
                                      args.services, dossier / "sqlite")
        _afficher("SQLite", resultats["sqlite"])
        with serveur_postgres() as url:
            resultats["postgresql"] = mesurer(url, fichier, args.services, dossier / "pg")
        _afficher("PostgreSQL 15", resultats["postgresql"])
    atteint = resultats["sqlite"]["services_par_s"] >= CIBLE_SQLITE
    print(f"Cible >= {CIBLE_SQLITE:.0f} services/s sur SQLite : "
          f"{'ATTEINTE' if atteint else 'NON ATTEINTE'}")
    _ecrire(args.services, resultats, atteint)


def _afficher(nom: str, r: dict[str, Any]) -> None:
    print(f"{nom:14} import {r['import_s']:7.1f} s = {r['services_par_s']:6d} services/s | "
          f"réimport inchangé {r['reimport_inchange_s']:6.1f} s | export {r['export_s']:5.1f} s "
          f"= {r['export_services_par_s']} services/s | mémoire max {r['memoire_max_mo']} Mo")


def _ecrire(n: int, resultats: dict[str, Any], atteint: bool) -> None:
    sortie = RACINE / "bench" / "results"
    sortie.mkdir(parents=True, exist_ok=True)
    document = {"bench": "import", "services": n, "machine": {"cpu": os.cpu_count(),
                "python": platform.python_version(), "systeme": platform.platform()},
                "date": time.strftime("%Y-%m-%d %H:%M:%S"), "resultats": resultats,
                "cible_services_par_s_sqlite": CIBLE_SQLITE, "cible_atteinte": atteint}
    (sortie / "import.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")


if __name__ == "__main__":
    main()
