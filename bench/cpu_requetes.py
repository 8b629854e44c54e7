"""CPU time per request of the search page, the JSON search API, the offer page and `/sante`,
this tree side by side with another revision, on the same catalogue and the same requests — and
proof that both answer exactly the same thing.

    python bench/cpu_requetes.py --base /tmp/charge --contre 768023c
    python bench/cpu_requetes.py --base /tmp/charge --contre main --requetes 200 --tours 3

`--base` is a folder holding `charge.db` (SQLite) and `index/` (its search index), such as the one
`bench/load.py` prepares with 100,000 offers; the app may catch its index up there, so pass a copy
of anything you want to keep untouched.

Each revision runs in its own process (the other one checked out by `revision.revision_extraite`),
through Flask's test client: no network, no server, so what is measured is the request's own CPU
(`time.process_time`, which a busy shared machine disturbs far less than wall-clock time). Each
process first answers every request once and writes what it answered — the engine's hits, total,
facets and suggestions, the API's JSON, the pages' HTML —, then times `--tours` passes per kind
and keeps the best mean; `--processus` processes per revision run in turn, and the best figure
of each kind is kept. The two revisions' answers are compared request by request: a difference
is printed and makes the script fail. Results go to `bench/results/cpu_requetes.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from revision import RACINE, revision_extraite

#: run in the measured tree (`cwd` and `PYTHONPATH`): argv = base folder, workload, output file,
#: `reponses` (answer every request once and keep the answers) or `cpu` (a short warm-up only)
MESURE = r"""
import dataclasses, json, sys, time
from werkzeug.datastructures import MultiDict
from catalogue import create_app
from catalogue.recherche import index, requete_depuis
from search import RequeteInvalide

base, charge, sortie = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
app = create_app({"DATABASE_URL": f"sqlite:///{base}/charge.db", "SEARCH_INDEX_DIR": f"{base}/index",
                  "RATTRAPAGE_INTERVALLE": 0, "SECRET_KEY": "x" * 40,
                  "API_LIMITES_ACTIVES": False})
client = app.test_client()

def moteur(chaine):
    with app.test_request_context("/recherche?" + chaine):
        from flask import request
        try:
            r = index().search(requete_depuis(request.args))
        except RequeteInvalide as exc:
            return {"erreur": str(exc)}
        return {"total": r.total, "hits": [dataclasses.asdict(h) for h in r.hits],
                "facets": r.facets, "suggestions": repr(r.suggestions)}

reponses = {}
if sys.argv[4] == "reponses":
    reponses["moteur"] = [moteur(q) for q in charge["recherche"]]
for sorte, urls in charge["urls"].items():
    reponses[sorte] = []
    for url in urls if sys.argv[4] == "reponses" else urls[:20]:
        r = client.get(url)
        reponses[sorte].append([r.status_code, r.get_data(as_text=True)])
cpu = {}
for sorte, urls in charge["urls"].items():
    moyennes = []
    for _ in range(charge["tours"]):
        debut = time.process_time()
        for url in urls:
            client.get(url)
        moyennes.append((time.process_time() - debut) * 1000 / len(urls))
    cpu[sorte] = round(min(moyennes), 2)
json.dump({"cpu_ms": cpu, "reponses": reponses}, open(sortie, "w"), ensure_ascii=False)
print(json.dumps(cpu))
"""

DEPARTEMENTS = ("62", "59", "35", "69", "48", "13", "75")
FREINS = ("", "mobilite", "sante", "logement", "mobilite,sante", "parentalite", "numerique")
TEXTES = ("", "", "", "permis", "atelier", "français", "sport", "garde enfant", "formation",
          "accompagnement numérique", "conseiller emploi", "budgett")


def charge(n: int, graine: int = 16) -> list[dict[str, str]]:
    """`n` search requests: communes of several départements, freins, text, page 2, an address
    with a radius, a remote-only filter, duplicates folded."""
    sys.path.insert(0, str(RACINE))
    from catalogue.referentiels import territoires

    h = random.Random(graine)
    communes = [c for d in DEPARTEMENTS for c in territoires.communes_du_departement(d)]
    requetes = []
    for i in range(n):
        commune = h.choice(communes)
        p = {"code_commune": commune.code, "freins": h.choice(FREINS), "q": h.choice(TEXTES)}
        if i % 5 == 1:
            p["page"] = "2"
        centre = territoires.centre(commune.code)
        if i % 7 == 2 and centre is not None:
            p["lat"] = f"{centre[0] + h.uniform(-0.05, 0.05):.5f}"
            p["lon"] = f"{centre[1] + h.uniform(-0.05, 0.05):.5f}"
        if i % 9 == 3:
            p["rayon_km"] = h.choice(("5", "20", "100"))
        if i % 11 == 4:
            p["modes_accueil"] = "a-distance"
        if i % 13 == 5:
            p["exclure_doublons"] = "true"
        requetes.append({k: v for k, v in p.items() if v})
    return requetes


def travail(n_requetes: int, n_offres: int, tours: int) -> dict[str, Any]:
    requetes = [urlencode(p) for p in charge(n_requetes)]
    h = random.Random(7)
    offres = [f"/offres/bench--o{h.randrange(0, 100_000)}" for _ in range(n_offres)]
    return {"tours": tours, "recherche": requetes, "urls": {
        "page_recherche": [f"/recherche?{q}" for q in requetes],
        "api_recherche": [f"/api/v1/search/services?{q}" for q in requetes],
        "page_offre": offres,
        "sante": ["/sante"] * 50,
    }}


def mesurer(arbre: Path, base: Path, fichier_charge: Path, sortie: Path, mode: str) -> dict[str, Any]:
    subprocess.run([sys.executable, "-c", MESURE, str(base), str(fichier_charge), str(sortie), mode],
                   cwd=arbre, env={"PYTHONPATH": str(arbre), "PATH": "/usr/bin:/bin"}, check=True,
                   stdout=subprocess.DEVNULL)
    resultat: dict[str, Any] = json.loads(sortie.read_text(encoding="utf-8"))
    return resultat


def meilleur(mesures: list[dict[str, float]]) -> dict[str, float]:
    """Per kind, the smallest of the processes' figures (the one least disturbed by the rest of
    the machine)."""
    return {sorte: min(m[sorte] for m in mesures) for sorte in mesures[0]}


def differences(ici: dict[str, Any], autre: dict[str, Any], etiquettes: dict[str, list[str]]
                ) -> list[str]:
    """One line per request whose answer differs between the two revisions."""
    ecarts = []
    for sorte, reponses in autre["reponses"].items():
        for i, (a, b) in enumerate(zip(reponses, ici["reponses"][sorte], strict=True)):
            if a != b:
                ecarts.append(f"{sorte} n° {i} ({etiquettes[sorte][i]}) : réponse différente")
    return ecarts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True,
                        help="dossier avec charge.db et index/ (100 000 offres)")
    parser.add_argument("--contre", default="768023c", help="révision de comparaison")
    parser.add_argument("--requetes", type=int, default=200)
    parser.add_argument("--offres", type=int, default=100)
    parser.add_argument("--tours", type=int, default=2, help="passes mesurées par processus")
    parser.add_argument("--processus", type=int, default=3,
                        help="processus par révision, en alternance (le meilleur chiffre est gardé)")
    parser.add_argument("--memoire-contre", type=Path,
                        help="fichier : la mesure de --contre y est gardée, et relue s'il existe "
                             "(mêmes options)")
    args = parser.parse_args()
    base = args.base.resolve()
    with tempfile.TemporaryDirectory(prefix="bench-cpu-requetes-") as tmp:
        dossier = Path(tmp)
        fichier = dossier / "charge.json"
        charge_ = travail(args.requetes, args.offres, args.tours)
        fichier.write_text(json.dumps(charge_), encoding="utf-8")
        memoire = args.memoire_contre
        with revision_extraite(args.contre) as autre:
            if memoire is not None and memoire.exists():
                reference = json.loads(memoire.read_text(encoding="utf-8"))
            else:
                reference = mesurer(autre, base, fichier, memoire or dossier / "reference.json",
                                    "reponses")
            courant = mesurer(RACINE, base, fichier, dossier / "courant.json", "reponses")
            cpu_reference, cpu_courant = [reference["cpu_ms"]], [courant["cpu_ms"]]
            for _ in range(args.processus - 1):  # alternating, so both see the same machine
                cpu_reference.append(mesurer(autre, base, fichier, dossier / "r.json", "cpu")["cpu_ms"])
                cpu_courant.append(mesurer(RACINE, base, fichier, dossier / "c.json", "cpu")["cpu_ms"])
    reference["cpu_ms"], courant["cpu_ms"] = meilleur(cpu_reference), meilleur(cpu_courant)
    etiquettes = {"moteur": charge_["recherche"], **charge_["urls"]}
    ecarts = differences(courant, reference, etiquettes)
    print(f"{'requête':<16}{args.contre:>12}{'ici':>12}   (ms de CPU par requête)")
    for sorte, ms in reference["cpu_ms"].items():
        print(f"{sorte:<16}{ms:>12.2f}{courant['cpu_ms'][sorte]:>12.2f}")
    comparees = sum(len(r) for r in reference["reponses"].values())
    print(f"réponses identiques : {comparees - len(ecarts)} / {comparees}")
    for ecart in ecarts[:20]:
        print("  " + ecart)
    resultat = {"bench": "cpu_requetes", "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                "base": str(base), "requetes": args.requetes, "offres": args.offres,
                "tours": args.tours, "processus": args.processus, "contre": args.contre,
                "cpu_ms": {args.contre: reference["cpu_ms"], "ici": courant["cpu_ms"]},
                "reponses_comparees": comparees, "reponses_differentes": len(ecarts)}
    (RACINE / "bench" / "results" / "cpu_requetes.json").write_text(
        json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if ecarts:
        sys.exit(f"{len(ecarts)} réponses diffèrent de celles de {args.contre}")


if __name__ == "__main__":
    main()
