"""Peak memory of an import: it must be bounded by the batch, not by the file.

Two inputs from the security audit (issue 17), generated under bench/work/:
- `vides`: a JSON `{"services": [{}, {}, …]}` of N empty records (500,000 by default, 1.5 MB),
  every one rejected with several errors — the report is the whole output;
- `xlsx`: a producer-template workbook whose « Services » sheet has N rows (2,000,000 by default,
  about 21 MB), each with a source, an id and a name only, so every row is rejected too.

Each file is imported by the real command (`catalogue import --report …`) in a fresh process with
its own SQLite database; the script samples every 50 ms the resident memory of that process and of
its children (the validation workers) and keeps the peak of their sum, and the peak of the largest
one. Figures go to `bench/results/import_memoire.json` (one entry per code version and input).

    python bench/import_memoire.py [--vides N] [--lignes N] [--code DOSSIER] [--etiquette NOM]

`--code` runs another checkout's code (e.g. an export of an older commit) with this environment,
to measure before and after side by side on the same machine.

Figures at the audit's sizes (2 cores shared with other work, load 5 to 10; peak RSS of all the
processes, of the largest one in brackets):

- 500,000 `{}` (2 MB): 4.3 GB before (the audit); 598 MB (232 MB) in 925 s once the report was
  written as the run goes; 648 MB (286 MB) in 259 s once the file is read as a stream and the
  writer validates the packets no worker has started.
- XLSX of 2,000,000 rows (31 MB): 12.6 GB before (the audit); 945 MB (433 MB) in 982 s, 0.49 ms a
  rejected row (it was 3.4 ms at 200,000 rows on a machine at load 16 to 20, the niced validation
  workers starved). What still grows with an XLSX is openpyxl's: its read-only reader clears each
  row's XML element but leaves it in the sheet's tree, about 100 bytes a row (240 MB for the
  largest process at 200,000 rows, 433 MB at 2,000,000).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
TRAVAIL = RACINE / "bench" / "work"
RESULTATS = RACINE / "bench" / "results" / "import_memoire.json"


def fichier_vides(n: int) -> Path:
    chemin = TRAVAIL / f"vides-{n}.json"
    if not chemin.exists():
        TRAVAIL.mkdir(parents=True, exist_ok=True)
        chemin.write_text('{"services": [' + ", ".join(["{}"] * n) + "]}\n", encoding="utf-8")
    return chemin


def fichier_xlsx(n: int) -> Path:
    chemin = TRAVAIL / f"lignes-{n}.xlsx"
    if not chemin.exists():
        from openpyxl import Workbook

        TRAVAIL.mkdir(parents=True, exist_ok=True)
        classeur = Workbook(write_only=True)
        feuille = classeur.create_sheet("Services")
        feuille.append(["__ignore__", "source", "id", "nom"])
        for i in range(n):
            feuille.append([None, "bench", f"bench--l{i}", f"Ligne {i}"])
        provisoire = chemin.with_suffix(".part")
        classeur.save(provisoire)
        provisoire.replace(chemin)
    return chemin


def _rss_ko(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for ligne in f:
                if ligne.startswith("VmRSS:"):
                    return int(ligne.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    enfants: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            directs = [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return enfants
    for enfant in directs:
        enfants += [enfant, *_descendants(enfant)]
    return enfants


def mesurer(fichier: Path, code: Path, dossier: Path) -> dict[str, Any]:
    """Import `fichier` with the code in `code`; peak memory and duration."""
    env = {**os.environ, "PYTHONPATH": str(code), "CATALOGUE_INSTANCE": str(dossier),
           "DATABASE_URL": f"sqlite:///{dossier / 'c.db'}",
           "SEARCH_INDEX_DIR": str(dossier / "index")}
    commande = [sys.executable, "-c", "from catalogue.cli import main; main()", "import",
                str(fichier), "--report", str(dossier / "rapport.json")]
    debut = time.perf_counter()
    processus = subprocess.Popen(commande, env=env, cwd=dossier, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
    pic_total = pic_un = 0
    while processus.poll() is None:
        tailles = [_rss_ko(p) for p in (processus.pid, *_descendants(processus.pid))]
        pic_total, pic_un = max(pic_total, sum(tailles)), max(pic_un, max(tailles))
        time.sleep(0.05)
    sortie = (processus.stdout.read() if processus.stdout else b"").decode(errors="replace")
    rapport = dossier / "rapport.json"
    return {"fichier": fichier.name, "octets": fichier.stat().st_size,
            "pic_rss_total_mo": round(pic_total / 1024, 1),
            "pic_rss_processus_mo": round(pic_un / 1024, 1),
            "duree_s": round(time.perf_counter() - debut, 1), "code_sortie": processus.returncode,
            "rapport_octets": rapport.stat().st_size if rapport.exists() else None,
            "resume": sortie.strip().splitlines()[-1:] or [""]}


def main() -> None:
    parametres = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parametres.add_argument("--vides", type=int, default=500_000)
    parametres.add_argument("--lignes", type=int, default=2_000_000)
    parametres.add_argument("--code", type=Path, default=RACINE)
    parametres.add_argument("--etiquette", default="actuel")
    args = parametres.parse_args()
    mesures: list[dict[str, Any]] = []
    for nom, fichier in (("vides", fichier_vides(args.vides) if args.vides else None),
                         ("xlsx", fichier_xlsx(args.lignes) if args.lignes else None)):
        if fichier is None:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-memoire-") as dossier:
            mesure = {"entree": nom, **mesurer(fichier, args.code.resolve(), Path(dossier))}
        print(f"{args.etiquette} — {nom} ({fichier.name}, {mesure['octets'] / 1e6:.1f} Mo) : "
              f"pic RSS {mesure['pic_rss_total_mo']:.0f} Mo (processus le plus gros "
              f"{mesure['pic_rss_processus_mo']:.0f} Mo), {mesure['duree_s']} s, sortie "
              f"{mesure['code_sortie']} — {mesure['resume'][0]}", flush=True)
        mesures.append(mesure)
        _enregistrer(args.etiquette, mesure)


def _enregistrer(etiquette: str, mesure: dict[str, Any]) -> None:
    """Each measure is added to the results as soon as it is taken."""
    anciens = json.loads(RESULTATS.read_text(encoding="utf-8")) if RESULTATS.exists() else []
    anciens.append({"etiquette": etiquette, "date": time.strftime("%Y-%m-%d %H:%M"),
                    "machine": f"{platform.machine()}, {os.cpu_count()} cœurs", **mesure})
    RESULTATS.parent.mkdir(parents=True, exist_ok=True)
    RESULTATS.write_text(json.dumps(anciens, ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")


if __name__ == "__main__":
    main()
