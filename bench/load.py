"""Load: the production server (gunicorn) against Werkzeug's, on SQLite and PostgreSQL.

For each database (a SQLite file, a throwaway PostgreSQL 15 from `scripts/pgtemp.py`): the demo
catalogue plus `--offres` generated offers (`bench/import.py`'s generator), then, for each server in
turn, `--utilisateurs` concurrent users without think time for `--duree` seconds on loopback, with a
realistic mix: search pages with varied communes and freins, the JSON search API, offer pages,
programme views, programme creation (form, then POST). A sixth of the way in, an import of
`--import-services` new services runs through `catalogue import`, then another (`--imports`, while
enough load remains): each one's offers must be found by every request from then on within 2 s of
its last commit (`import_run.fin`). API searches on fresh connections (spread over the workers) run
one after the other from the import's start; the offers count as visible from the first answer of
the final run of at least 30 that all find them. The worst import counts.

Each import runs as `docs/deploiement.md` says to run one on a serving machine (« Importer sur une
machine en service »): at a lower CPU weight than the server, here its own session whose scheduling
group (Linux autogroup) and process both get nice 10, the equivalent of a systemd unit's
`CPUWeight=`/`Nice=`. `--priorite-import normale` runs it with the server's weight, as an import
started from the same kind of group would (the search page p95 then shows its CPU).

Printed and written to `bench/results/load.json` and `load.txt` (`load_compacte.*` with
`--compacter`, the index rebuilt in one segment before the load): requests/s, p50/p95/p99 and errors
per kind, per server and database. Targets: 0 errors; search page p95 <= 250 ms with 50 users on
2 cores (gunicorn); import visible within 2 s.

    python bench/load.py                                   # short run: 20,000 offers, 20 s per server
    python bench/load.py --offres 100000 --duree 60        # the documented full configuration

Each run also gives the server's CPU time per request (its process group, from /proc) and the
machine's load average: wall-clock figures taken beside other work are not the server's alone.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

import datetime as dt  # noqa: E402
import importlib.util  # noqa: E402

from sqlalchemy import delete, select  # noqa: E402
from sqlmodel import col  # noqa: E402

from catalogue import create_app, db  # noqa: E402
from catalogue.demo.chargement import charger_demo  # noqa: E402
from catalogue.formats import compte  # noqa: E402
from catalogue.models import ImportRun, Offer, Structure  # noqa: E402
from catalogue.programmes.demo import charger_programmes_demo  # noqa: E402
from catalogue.rattrapage import rattraper  # noqa: E402
from catalogue.recherche import index_de, reindexer  # noqa: E402
from catalogue.referentiels import freins as ref_freins  # noqa: E402
from catalogue.referentiels import territoires  # noqa: E402
from importers import importer_pour  # noqa: E402
from importers.base import importer  # noqa: E402
from scripts.pgtemp import serveur_postgres  # noqa: E402

CATALOGUE = str(Path(sys.executable).parent / "catalogue")
_spec = importlib.util.spec_from_file_location("bench_import", RACINE / "bench" / "import.py")
assert _spec is not None and _spec.loader is not None
_bench_import = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench_import)
generer = _bench_import.generer  # bench/import.py: the same offers
CIBLE_P95_RECHERCHE_MS = 250.0
CIBLE_VISIBILITE_S = 2.0
#: share of each kind of request in the mix
MELANGE = {"recherche": 40, "api": 25, "offre": 20, "programme_vue": 10, "programme_creation": 5}
DEPARTEMENTS = ("62", "59", "35", "48", "75", "13", "69")


@dataclass
class Mesures:
    durees: dict[str, list[float]] = field(default_factory=dict)
    erreurs: dict[str, int] = field(default_factory=dict)
    exemples: dict[str, str] = field(default_factory=dict)
    verrou: threading.Lock = field(default_factory=threading.Lock)

    def noter(self, sorte: str, duree: float, erreur: str | None) -> None:
        with self.verrou:
            self.durees.setdefault(sorte, []).append(duree)
            if erreur is not None:
                self.erreurs[sorte] = self.erreurs.get(sorte, 0) + 1
                self.exemples.setdefault(sorte, erreur)

    def resume(self, duree_s: float) -> dict[str, Any]:
        par_sorte = {sorte: _stats(d, self.erreurs.get(sorte, 0), duree_s)
                     for sorte, d in sorted(self.durees.items())}
        toutes = [x for d in self.durees.values() for x in d]
        return {"total": _stats(toutes, sum(self.erreurs.values()), duree_s),
                "par_sorte": par_sorte, "exemples_erreurs": self.exemples}


def _stats(durees: list[float], erreurs: int, duree_s: float) -> dict[str, Any]:
    d = sorted(durees)

    def q(p: float) -> float:
        return round(d[min(len(d) - 1, int(p * len(d)))] * 1000, 1) if d else 0.0

    return {"requetes": len(d), "par_s": round(len(d) / duree_s, 1), "p50_ms": q(.50),
            "p95_ms": q(.95), "p99_ms": q(.99), "erreurs": erreurs}


# ------------------------------------------------------------------------------------------------
# A user


class Utilisateur:
    """One browser: a keep-alive connection, its cookies, and the mix of requests."""

    def __init__(self, port: int, graine: int, offres: list[str], programmes: list[int],
                 communes: list[str]) -> None:
        self.port = port
        self.hasard = random.Random(graine)
        self.offres, self.programmes, self.communes = offres, programmes, communes
        self.connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def requete(self, methode: str, chemin: str, corps: str | None = None) -> tuple[int, str]:
        entetes = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if corps is not None:
            entetes["Content-Type"] = "application/x-www-form-urlencoded"
        for essai in (1, 2):  # a keep-alive connection the server closed: once more, fresh
            try:
                self.connexion.request(methode, chemin, body=corps, headers=entetes)
                reponse = self.connexion.getresponse()
                contenu = reponse.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connexion.close()
                if essai == 2:
                    raise
        for entete in reponse.headers.get_all("Set-Cookie") or []:
            nom, _, reste = entete.partition("=")
            self.cookies[nom] = reste.split(";", 1)[0]
        return reponse.status, contenu

    def un_tour(self, mesures: Mesures) -> None:
        sorte = self.hasard.choices(list(MELANGE), weights=list(MELANGE.values()))[0]
        debut = time.perf_counter()
        try:
            statut, chemin = getattr(self, f"_{sorte}")()
            erreur = None if statut < 400 else f"HTTP {statut} {chemin}"
        except Exception as exc:  # noqa: BLE001 - counted as an error of this kind
            erreur = f"{type(exc).__name__}: {exc}"
            self.connexion.close()
        mesures.noter(sorte, time.perf_counter() - debut, erreur)

    def _criteres(self) -> dict[str, str]:
        # an INSEE code, said so: "commune" reads a typed text, where 59258 is also a postal code
        criteres = {"code_commune": self.hasard.choice(self.communes)}
        choisis = self.hasard.sample(FREINS, self.hasard.choice((0, 1, 1, 2)))
        if choisis:
            criteres["freins"] = ",".join(choisis)
        if self.hasard.random() < .3:
            criteres["q"] = self.hasard.choice(("atelier", "permis", "numérique", "garde enfants",
                                                "emploi", "santé"))
        return criteres

    def _recherche(self) -> tuple[int, str]:
        chemin = "/recherche?" + urllib.parse.urlencode(self._criteres())
        return self.requete("GET", chemin)[0], chemin

    def _api(self) -> tuple[int, str]:
        chemin = "/api/v1/search/services?" + urllib.parse.urlencode(self._criteres())
        return self.requete("GET", chemin)[0], chemin

    def _offre(self) -> tuple[int, str]:
        chemin = f"/offres/{self.hasard.choice(self.offres)}"
        return self.requete("GET", chemin)[0], chemin

    def _programme_vue(self) -> tuple[int, str]:
        chemin = f"/programmes/{self.hasard.choice(self.programmes)}"
        return self.requete("GET", chemin)[0], chemin

    def _programme_creation(self) -> tuple[int, str]:
        statut, page = self.requete("GET", "/programmes/nouveau")
        jeton = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if statut >= 400 or jeton is None:
            return max(statut, 500), "/programmes/nouveau (formulaire sans jeton)"
        corps = urllib.parse.urlencode({
            "csrf_token": jeton[1], "libelle": f"Charge {self.hasard.randrange(10**6)}",
            "commune_code": self.hasard.choice(self.communes), "debut": "2027-01-04",
            "nombre_semaines": "12", "cible_heures": "15", "parcours": "socio-professionnel",
            "freins": self.hasard.choice(FREINS)})
        statut, _ = self.requete("POST", "/programmes/nouveau", corps)
        return (statut if statut != 302 else 200), "POST /programmes/nouveau"


FREINS = [f.slug for f in ref_freins.FREINS]


def charge(port: int, utilisateurs: int, duree_s: float, offres: list[str],
           programmes: list[int], communes: list[str], pendant: Any = None) -> dict[str, Any]:
    """`utilisateurs` threads without think time for `duree_s`; `pendant(fin)` runs alongside
    (`fin`: when the load stops, `time.monotonic()`)."""
    mesures = Mesures()
    fin = time.monotonic() + duree_s

    def boucle(n: int) -> None:
        u = Utilisateur(port, n, offres, programmes, communes)
        while time.monotonic() < fin:
            u.un_tour(mesures)

    fils = [threading.Thread(target=boucle, args=(n,)) for n in range(utilisateurs)]
    extra: dict[str, Any] = {}
    a_cote = threading.Thread(target=lambda: extra.update(pendant(fin) if pendant else {}))
    cpu_avant, charge_avant = cpu_du_groupe(groupes.get(port, -1)), os.getloadavg()[0]
    cpu_client_avant = time.process_time()  # this process's threads: the users themselves
    debut = time.monotonic()
    for f in fils:
        f.start()
    a_cote.start()
    for f in fils:
        f.join()
    resultat = mesures.resume(time.monotonic() - debut)  # the users' time only
    cpu = cpu_du_groupe(groupes.get(port, -1)) - cpu_avant
    requetes = resultat["total"]["requetes"]
    resultat["client"] = _cout_cpu(time.process_time() - cpu_client_avant, requetes)
    resultat["serveur"] = {
        **_cout_cpu(cpu, requetes),
        "charge_machine_1min": [round(charge_avant, 2), round(os.getloadavg()[0], 2)]}
    a_cote.join()
    if extra:
        resultat["import_pendant_la_charge"] = extra
    return resultat


def _cout_cpu(cpu_s: float, requetes: int) -> dict[str, float]:
    return {"cpu_s": round(cpu_s, 1), "cpu_ms_par_requete": round(1000 * cpu_s / max(1, requetes), 2)}


# ------------------------------------------------------------------------------------------------
# The import during the load

#: an import starts only with this much load still ahead (it and its checks take 10 to 20 s)
CHARGE_RESTANTE_S = 25.0


def imports_pendant(port: int, env: dict[str, str], dossier: Path, args: argparse.Namespace,
                    sorte: str, engine: Any, fin_charge: float) -> dict[str, Any]:
    """Up to `--imports` imports one after the other, the first a sixth of the way in, each one
    started only while the load has `CHARGE_RESTANTE_S` still to run; the worst delay counts."""
    time.sleep(args.duree / 6)
    mesures = []
    for k in range(args.imports):
        if k and fin_charge - time.monotonic() < CHARGE_RESTANTE_S:
            break
        mesures.append(import_pendant(port, env, dossier, args.import_services,
                                      f"{sorte}-{int(time.time())}-{k}", engine,
                                      args.priorite_import))
    delais = [m["visible_partout_apres_s"] for m in mesures]
    pire = None if None in delais else max(delais)
    return {"services": args.import_services, "priorite": args.priorite_import, "imports": mesures,
            "duree_import_s": max(m["duree_import_s"] for m in mesures),
            "visible_partout_apres_s": pire,
            "cible_atteinte": pire is not None and pire <= CIBLE_VISIBILITE_S}


def import_pendant(port: int, env: dict[str, str], dossier: Path, n: int, nom: str,
                   engine: Any, priorite: str = "basse") -> dict[str, Any]:
    """Import `n` new services (one new structure, eligible everywhere) and measure how long
    after its last commit every request finds all of them.

    The searches that check it run from the import's start, one after the other on fresh
    connections (spread over the workers), each noted at the reception of its answer: the offers
    are visible from the first answer of the final run of answers that all find them (at least
    `SUITE_VISIBLE`); measured against `import_run.fin`, the run's last commit. How long that first
    answer took under the load is given beside (the offers became visible somewhere in it)."""
    structure = f"charge-{nom}--s"
    fichier = _fichier_import(dossier, nom, structure, n)
    chemin = f"/api/v1/search/services?code_commune=62498&structure={structure}&par_page=1"
    reponses: list[tuple[float, float, bool]] = []  # (sending, reception, all found)
    fini = threading.Event()
    sondeur = threading.Thread(target=_sonder, args=(port, chemin, n, reponses, fini))
    debut = time.monotonic()
    sondeur.start()
    sortie = subprocess.run(commande_import([CATALOGUE, "import", str(fichier), "--publier"],
                                            priorite), env=env, capture_output=True, text=True,
                            start_new_session=priorite == "basse")
    duree_import = time.monotonic() - debut
    fini.set()
    sondeur.join()
    with engine.connect() as c:
        fin_run = c.execute(select(ImportRun.fin).order_by(ImportRun.id.desc())).scalar()  # type: ignore[arg-type]
    fin_run = fin_run if fin_run.tzinfo else fin_run.replace(tzinfo=dt.UTC)
    premier_bon = _debut_de_la_suite_finale(reponses)
    visible = None if premier_bon is None else max(0.0, premier_bon[1] - fin_run.timestamp())
    return {"services": n, "code_sortie": sortie.returncode, "duree_import_s": round(duree_import, 2),
            "fin_du_run": fin_run.timestamp(),
            "visible_partout_apres_s": None if visible is None else round(visible, 3),
            "duree_de_cette_reponse_s": None if premier_bon is None else
            round(premier_bon[1] - premier_bon[0], 3),
            "cible_atteinte": visible is not None and visible <= CIBLE_VISIBILITE_S}


#: an import's nice value with `--priorite-import basse` (its process and its session's group)
NICE_IMPORT = 10


def commande_import(commande: list[str], priorite: str) -> list[str]:
    """`commande` as run on a serving machine: with `basse`, nice `NICE_IMPORT` for the process and
    for its session's scheduling group (the caller starts a new session). Plain `nice` has no effect
    against a server in another session when the kernel shares the CPU between sessions first
    (autogroup; between services with systemd's cgroups, where `CPUWeight=` does this)."""
    if priorite == "normale":
        return commande
    return ["sh", "-c", f'echo {NICE_IMPORT} > /proc/self/autogroup 2>/dev/null; '
            f'exec nice -n {NICE_IMPORT} "$@"', "sh", *commande]


#: consecutive answers that must all find the imported offers once the import has ended
SUITE_VISIBLE = 30


def _sonder(port: int, chemin: str, n: int, reponses: list[tuple[float, float, bool]],
            fini: threading.Event) -> None:
    """Search until the import has ended and the last `SUITE_VISIBLE` answers found everything;
    gives up when no answer has found everything 30 s after the import's end."""
    limite: float | None = None
    while True:
        envoi = time.time()
        connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connexion.request("GET", chemin)
        total = json.loads(connexion.getresponse().read()).get("total")
        connexion.close()
        reponses.append((envoi, time.time(), total == n))
        if fini.is_set():
            limite = limite or time.monotonic() + 30
            suite = len(reponses) - _indice_de_la_suite_finale(reponses)
            if suite >= SUITE_VISIBLE or (suite == 0 and time.monotonic() > limite):
                return


def _indice_de_la_suite_finale(reponses: list[tuple[float, float, bool]]) -> int:
    """Index of the first answer of the final run of answers that found everything."""
    i = len(reponses)
    while i and reponses[i - 1][2]:
        i -= 1
    return i


def _debut_de_la_suite_finale(reponses: list[tuple[float, float, bool]]
                              ) -> tuple[float, float, bool] | None:
    i = _indice_de_la_suite_finale(reponses)
    return reponses[i] if len(reponses) - i >= SUITE_VISIBLE else None


def _fichier_import(dossier: Path, nom: str, structure: str, n: int) -> Path:
    fichier = dossier / f"import-{nom}.jsonl"
    with fichier.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"source": f"charge-{nom}", "id": structure, "nom": "Structure chargée",
                            "date_maj": "2025-05-01"}) + "\n")
        for i in range(n):
            f.write(json.dumps({
                "source": f"charge-{nom}", "structure_id": structure, "id": f"charge-{nom}--o{i}",
                "nom": f"Atelier chargé {i}", "description": "Un atelier ajouté pendant la charge.",
                "date_maj": "2025-05-01", "thematiques": ["mobilite--preparer-un-permis"],
                "publics": ["tous-publics"], "zone_eligibilite": ["france"],
                # remote: found from every commune (an on-site offer without an address is only
                # kept where its zone is local, DOMAIN.md's search rule)
                "modes_accueil": ["a-distance"]}, ensure_ascii=False) + "\n")
    return fichier


# ------------------------------------------------------------------------------------------------
# Servers


#: port -> process group of the server answering on it
groupes: dict[int, int] = {}


@contextlib.contextmanager
def serveur(sorte: str, env: dict[str, str], port: int, workers: int | None,
            threads: int | None = None) -> Iterator[None]:
    if sorte == "gunicorn":
        commande = [CATALOGUE, "serve", "--port", str(port)]
        if workers:
            commande += ["--workers", str(workers)]
        if threads:
            commande += ["--threads", str(threads)]
    else:  # what `catalogue serve` was before: Werkzeug's threaded server, no reloader
        commande = [sys.executable, "-c", "import sys; from werkzeug.serving import run_simple; "
                    "from catalogue import create_app; "
                    "run_simple('127.0.0.1', int(sys.argv[1]), create_app(), threaded=True)",
                    str(port)]
    journal = tempfile.TemporaryFile()
    processus = subprocess.Popen(commande, env=env, cwd=RACINE, stdout=journal,
                                 stderr=subprocess.STDOUT, start_new_session=True)
    try:
        try:
            _attendre(port, processus)
            groupes[port] = processus.pid
        except RuntimeError:
            journal.seek(0)
            sys.stderr.write(journal.read().decode(errors="replace")[-4000:])
            raise
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(30)
        journal.close()


def _attendre(port: int, processus: subprocess.Popen[bytes]) -> None:
    limite = time.monotonic() + 600
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise RuntimeError("le serveur s'est arrêté au démarrage")
        try:
            connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connexion.request("GET", "/sante")
            if connexion.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("le serveur ne répond pas")


def cpu_du_groupe(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes of a process group: the server's cost,
    whatever else the machine runs (wall-clock figures depend on it, this one hardly)."""
    tic = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entree in Path("/proc").iterdir():
        if not entree.name.isdigit():
            continue
        try:
            champs = (entree / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(champs[2]) == pgid:  # fields after the name: state, ppid, pgrp, …, utime, stime
            total += (int(champs[11]) + int(champs[12])) / tic
    return total


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------------------------------------
# One database


def mesurer_base(url: str, dossier: Path, args: argparse.Namespace) -> dict[str, Any]:
    dossier.mkdir(parents=True, exist_ok=True)
    index = dossier / "index"
    app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(index),
                      "RATTRAPAGE_INTERVALLE": 0})
    with app.app_context():
        db.creer_tables()
        engine = db.engine()
        programmes = preparer(engine, dossier, args.offres)
        rattraper(engine, str(index))
        compactage = compacter(engine, index) if args.compacter else None
        offres = [f"bench--o{i}" for i in range(0, args.offres, max(1, args.offres // 5000))]
        communes = [c.code for d in DEPARTEMENTS for c in territoires.communes_du_departement(d)]
        env = {**os.environ, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(index),
               "CATALOGUE_INSTANCE": str(dossier), "SECRET_KEY": secrets.token_hex(32),
               # one client address measures capacity, not the API's per-IP limit
               "CATALOGUE_API_LIMITES_ACTIVES": "false"}
        resultats: dict[str, Any] = {}
        for sorte in args.serveurs:
            port = _port()
            with serveur(sorte, env, port, args.workers, args.threads):
                def pendant(fin: float, sorte: str = sorte, port: int = port) -> dict[str, Any]:
                    return imports_pendant(port, env, dossier, args, sorte, engine, fin)
                if args.echauffement:  # a service in production runs warm: not measured
                    charge(port, args.utilisateurs, args.echauffement, offres, programmes, communes)
                segments = index_de(str(index)).nombre_segments()  # what each search walks
                avec_imports = pendant if args.import_services and args.imports else None
                resultats[sorte] = charge(port, args.utilisateurs, args.duree, offres, programmes,
                                          communes, avec_imports)
                resultats[sorte]["segments_au_debut"] = segments
            if compactage is not None:
                resultats[sorte]["index_compacte"] = compactage
            _afficher(sorte, resultats[sorte])
        engine.dispose()
    return resultats


def compacter(engine: Any, index: Path) -> dict[str, Any]:
    """`catalogue reindex` before the load: the index in one segment, as on a node just rebuilt
    (imports add a segment per chunk; searches walk every segment)."""
    avant = index_de(str(index)).nombre_segments()
    debut = time.monotonic()
    reindexer(engine, str(index))
    resultat = {"segments_avant": avant, "segments_apres": index_de(str(index)).nombre_segments(),
                "duree_s": round(time.monotonic() - debut, 1)}
    print(f"  index compacté : {avant} segments -> {resultat['segments_apres']} en "
          f"{resultat['duree_s']} s", flush=True)
    return resultat


def preparer(engine: Any, dossier: Path, n: int) -> list[int]:
    """The demo, its programmes and `n` generated offers; kept from a previous run in the same
    `--dossier` (SQLite) when it finished preparing."""
    pret = dossier / f"pret-{n}.json"
    if pret.exists():
        print("  base reprise du dossier (déjà préparée)", flush=True)
        retirer_imports_precedents(engine, dossier / "index")
        return list(json.loads(pret.read_text())["programmes"])
    charger_demo(engine)
    programmes = charger_programmes_demo(engine)
    fichier = dossier / "offres.jsonl"
    generer(fichier, n)
    debut = time.monotonic()
    importer(importer_pour([fichier]), engine, taille_lot=1000, processus=2)
    print(f"  {n} offres importées en {time.monotonic() - debut:.0f} s", flush=True)
    pret.write_text(json.dumps({"programmes": programmes}))
    return programmes


def retirer_imports_precedents(engine: Any, index: Path) -> None:
    """A reused base gives back what earlier runs' imports added (sources `charge-…`), and its
    index is rebuilt: every run measures the same `--offres` offers (they once piled up, 2,000 per
    import: 166,000 offers after 33 imports)."""
    with engine.begin() as connexion:  # offer tags and duplicate clusters follow (ON DELETE CASCADE)
        offres = connexion.execute(delete(Offer).where(col(Offer.source).like("charge-%"))).rowcount
        connexion.execute(delete(Structure).where(col(Structure.source).like("charge-%")))
    if offres:
        debut = time.monotonic()
        reindexer(engine, str(index))
        print(f"  {compte(offres, 'offre')} d'imports précédents retirées, index reconstruit en "
              f"{time.monotonic() - debut:.0f} s", flush=True)


def _afficher(sorte: str, r: dict[str, Any]) -> None:
    t = r["total"]
    print(f"  {sorte:9} {t['par_s']:7.1f} req/s  p50 {t['p50_ms']:6.1f}  p95 {t['p95_ms']:6.1f}  "
          f"p99 {t['p99_ms']:6.1f} ms  erreurs {t['erreurs']}  CPU serveur "
          f"{r['serveur']['cpu_ms_par_requete']} ms/req, client {r['client']['cpu_ms_par_requete']}"
          f" ms/req (charge machine {r['serveur']['charge_machine_1min']})", flush=True)
    if "segments_au_debut" in r:
        print(f"      index : {compte(r['segments_au_debut'], 'segment')} au début de la mesure")
    for sorte_req, s in r["par_sorte"].items():
        print(f"      {sorte_req:19} {s['requetes']:6d} req {s['par_s']:6.1f}/s  p50 {s['p50_ms']:6.1f}"
              f"  p95 {s['p95_ms']:6.1f}  p99 {s['p99_ms']:6.1f} ms  erreurs {s['erreurs']}")
    if "import_pendant_la_charge" in r:
        print(f"      imports en priorité {r['import_pendant_la_charge']['priorite']}")
        for i in r["import_pendant_la_charge"]["imports"]:
            print(f"      import de {i['services']} services pendant la charge : "
                  f"{i['duree_import_s']} s, visible partout {i['visible_partout_apres_s']} s "
                  f"après son dernier commit (réponse reçue en {i['duree_de_cette_reponse_s']} s)")
    for sorte_req, exemple in r["exemples_erreurs"].items():
        print(f"      erreur {sorte_req} : {exemple}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offres", type=int, default=20_000)
    parser.add_argument("--duree", type=float, default=20.0, help="secondes de charge par serveur")
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument("--echauffement", type=float, default=10.0,
                        help="secondes de charge non mesurées avant chaque mesure")
    parser.add_argument("--import-services", type=int, default=2000)
    parser.add_argument("--imports", type=int, default=2,
                        help="imports successifs pendant chaque mesure (le pire délai compte)")
    parser.add_argument("--priorite-import", choices=("basse", "normale"), default="basse",
                        help="basse : comme docs/deploiement.md le demande sur une machine en "
                             "service (nice 10, groupe d'ordonnancement à part) ; normale : le "
                             "poids CPU du serveur")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn (défaut : cœurs)")
    parser.add_argument("--threads", type=int, default=None,
                        help="gunicorn, fils par processus (défaut : celui de catalogue serve ; "
                             "1 = workers synchrones)")
    parser.add_argument("--bases", default="sqlite,postgresql")
    parser.add_argument("--compacter", action="store_true",
                        help="réindexe (un segment) avant la charge ; résultats dans load_compacte.*")
    parser.add_argument("--serveurs", default="gunicorn,werkzeug")
    parser.add_argument("--dossier", default=None,
                        help="dossier de travail gardé : la base SQLite préparée y est reprise")
    args = parser.parse_args()
    args.serveurs = args.serveurs.split(",")
    resultats: dict[str, Any] = {}
    with contextlib.ExitStack() as pile:
        tmp = args.dossier or pile.enter_context(tempfile.TemporaryDirectory(prefix="bench-charge-"))
        for base in args.bases.split(","):
            print(f"{base} :", flush=True)
            if base == "sqlite":
                resultats[base] = mesurer_base(f"sqlite:///{tmp}/sqlite/charge.db",
                                               Path(tmp) / "sqlite", args)
            else:  # a throwaway server: prepared anew each time
                with tempfile.TemporaryDirectory(prefix="bench-charge-pg-") as pg, \
                        serveur_postgres() as url:
                    resultats[base] = mesurer_base(url, Path(pg), args)
    _ecrire(args, resultats)


def _ecrire(args: argparse.Namespace, resultats: dict[str, Any]) -> None:
    verdicts = []
    for base, par_serveur in resultats.items():
        for sorte, r in par_serveur.items():
            p95 = r["par_sorte"].get("recherche", {}).get("p95_ms")
            imp = r.get("import_pendant_la_charge", {})
            visibilite = (f"import visible après {imp.get('visible_partout_apres_s')} s au pire "
                          f"(cible {CIBLE_VISIBILITE_S:.0f})" if imp else "sans import")
            verdicts.append(f"{base}/{sorte} : {compte(r['total']['erreurs'], 'erreur')}, p95 page de "
                            f"recherche {p95} ms (cible {CIBLE_P95_RECHERCHE_MS:.0f}), {visibilite}")
    for v in verdicts:
        print(v)
    sortie = RACINE / "bench" / "results"
    sortie.mkdir(exist_ok=True)
    nom = "load_compacte" if args.compacter else "load"
    if args.workers or args.threads:  # a setting tried: beside the figures of the defaults
        nom += f"_w{args.workers or 'defaut'}t{args.threads or 'defaut'}"
    if args.priorite_import == "normale":  # the imports' CPU shown: beside the documented way
        nom += "_import_priorite_normale"
    (sortie / f"{nom}.json").write_text(json.dumps({
        "date": time.strftime("%Y-%m-%d %H:%M"), "machine": {
            "coeurs": os.cpu_count(), "python": platform.python_version()},
        "configuration": {k: v for k, v in vars(args).items()}, "resultats": resultats,
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    (sortie / f"{nom}.txt").write_text("\n".join(verdicts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
