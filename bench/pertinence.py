"""Relevance benchmark: our search next to a PostgreSQL full-text peer modelled on data·inclusion,
on the judged query set of `tests/relevance` and the demo catalogue, in the same run.

    python bench/pertinence.py                                    # -> bench/results/pertinence.json
    python bench/pertinence.py --out bench/results/pertinence_avant.json

- **ours**: the demo catalogue loaded by `catalogue demo`'s loader into a SQLite file, indexed by
  our import path, then `Index.search(Requete(commune, q, freins, par_page=10))` for each query.
- **PostgreSQL 15** (a throwaway server, `scripts.pgtemp`; the text configuration and distance SQL
  of bench/search.py's peer): the same published offers in one table,
  searched as data·inclusion's `search_services_query` does, plus its free text:
  - eligibility for every offer: `zone_eligibilite` missing (or empty), or overlapping the commune,
    its EPCI, its département, `france`; then within 50 km of the person **or** `a-distance`
    (an on-site offer without coordinates is dropped, as data·inclusion's `ST_DWithin` does);
  - the person's position is the commune's centre, from a function (`territoires.centre`, the
    `position` argument of `mesurer`), distances by the haversine formula;
  - text: a French `tsvector` (`unaccent` + `french_stem`) over the service name (weight A), the
    structure name (B), the service and structure descriptions (C), the publics labels and
    réseaux porteurs labels (D), matched with `websearch_to_tsquery` (every word required, no
    synonyms) and ranked by `ts_rank_cd`, then by distance (nulls last), then id;
  - freins (two queries use them) as the thématiques they cover, as our engine does.

Figures: recall@10 and nDCG@10 overall and per query type (`tests/relevance/jeu.py`), printed as a
Markdown table ready for the README and written to JSON with the queries each engine misses.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

import psycopg  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from catalogue import create_app, db  # noqa: E402
from catalogue.demo.chargement import charger_demo  # noqa: E402
from catalogue.models import Offer, Statut, Structure  # noqa: E402
from catalogue.recherche import index_de  # noqa: E402
from catalogue.referentiels import freins as ref_freins  # noqa: E402
from catalogue.referentiels import territoires, vocabulaires  # noqa: E402
from scripts.pgtemp import serveur_postgres  # noqa: E402
from search import Index, Requete  # noqa: E402
from tests.relevance.jeu import Bilan, charger, evaluer, tableau  # noqa: E402

RESULTATS = RACINE / "bench" / "results"


def _banc_recherche() -> Any:
    """bench/search.py, whose PostgreSQL helpers the peer reuses (its file name is the `search`
    package's, hence the import by path)."""
    spec = importlib.util.spec_from_file_location("banc_recherche", RACINE / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


BANC = _banc_recherche()
RAYON_KM = 50
K = 10

Position = Callable[[str], "tuple[float, float] | None"]

# --- our engine ------------------------------------------------------------------------------


@contextmanager
def demo_indexee(dossier: Path) -> Iterator[tuple[Any, Index]]:
    """The demo catalogue in a SQLite file and our index, as `catalogue demo` leaves them."""
    app = create_app({"DATABASE_URL": f"sqlite:///{dossier / 'demo.db'}",
                      "SEARCH_INDEX_DIR": str(dossier / "index")})
    with app.app_context():
        db.creer_tables()
        charger_demo(db.engine())
        yield db.engine(), index_de(app.config["SEARCH_INDEX_DIR"])
    app.extensions["catalogue.engine"].dispose()


def notre_classement(index: Index) -> Callable[[dict[str, Any]], list[str]]:
    def classer(r: dict[str, Any]) -> list[str]:
        requete = Requete(commune=r["commune"], q=r["q"], freins=tuple(r["freins"]), par_page=K)
        return [h.id for h in index.search(requete).hits]

    return classer


# --- PostgreSQL peer -------------------------------------------------------------------------

SCHEMA_SQL = BANC.CONFIGURATION_FR_SQL + """
CREATE TABLE service (
    id text PRIMARY KEY,
    nom text NOT NULL,
    description text NOT NULL,
    structure_nom text NOT NULL,
    structure_description text NOT NULL,
    libelles text NOT NULL,
    freins text[] NOT NULL,
    modes_accueil text[] NOT NULL,
    zone_eligibilite text[],
    latitude float8,
    longitude float8,
    recherche tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr', nom), 'A')
        || setweight(to_tsvector('fr', structure_nom), 'B')
        || setweight(to_tsvector('fr', description || ' ' || structure_description), 'C')
        || setweight(to_tsvector('fr', libelles), 'D')
    ) STORED
);
CREATE INDEX service_recherche ON service USING gin (recherche);
"""


def lignes_publiees(moteur: Any) -> list[tuple[Any, ...]]:
    """The published offers with their structure, as rows of the peer's table."""
    publics = vocabulaires.libelles("publics")
    reseaux = vocabulaires.libelles("reseaux_porteurs")
    requete = (select(Offer, Structure).join(Structure, col(Structure.id) == Offer.structure_id)
               .where(Offer.statut == Statut.PUBLIEE.value).order_by(col(Offer.id)))
    lignes = []
    with Session(moteur) as s:
        for offre, structure in s.exec(requete):
            libelles = [publics[p] for p in offre.publics or []]
            libelles += [reseaux[r] for r in structure.reseaux_porteurs or []]
            lignes.append((
                offre.id, offre.nom, offre.description, structure.nom,
                structure.description or "", " ; ".join(libelles),
                sorted(ref_freins.freins_leves(offre.thematiques or [])),
                offre.modes_accueil or [], offre.zone_eligibilite or None, offre.latitude,
                offre.longitude,
            ))
    return lignes


class PairPostgres:
    """data·inclusion's search on the same offers (see the module docstring)."""

    COLONNES = ("id, nom, description, structure_nom, structure_description, libelles, freins, "
                "modes_accueil, zone_eligibilite, latitude, longitude")

    def __init__(self, url: str, position: Position) -> None:
        self.connexion = psycopg.connect(BANC._dsn(url), autocommit=True)
        self.position = position

    def charger(self, lignes: list[tuple[Any, ...]]) -> None:
        with self.connexion.cursor() as cur:
            cur.execute(SCHEMA_SQL)
            with cur.copy(f"COPY service ({self.COLONNES}) FROM STDIN") as copie:
                for ligne in lignes:
                    copie.write_row(ligne)
            cur.execute("ANALYZE service")

    def classer(self, r: dict[str, Any]) -> list[str]:
        sql, params = requete_sql(r, self.position(r["commune"]))
        with self.connexion.cursor() as cur:
            return [ident for (ident,) in cur.execute(sql, params).fetchall()]


def requete_sql(r: dict[str, Any], position: tuple[float, float] | None
                ) -> tuple[str, dict[str, Any]]:
    """One statement: the eligible offers matching the text, best first, `K` of them.

    Without a position (a commune no centre is known for) the radius cannot be tested: only the
    zone and `a-distance` apply, and no distance orders the results."""
    params: dict[str, Any] = {"zones": list(territoires.zones_englobantes(r["commune"])),
                              "q": r["q"], "freins": list(r["freins"]), "k": K,
                              "rayon": RAYON_KM}
    where = ["(zone_eligibilite IS NULL OR zone_eligibilite && %(zones)s)"]
    distance = "NULL::float8"
    if position is not None:
        params["olat"], params["olon"] = position
        distance = BANC.DISTANCE_SQL
        where.append(f"('a-distance' = ANY(modes_accueil) OR {distance} <= %(rayon)s)")
    if r["freins"]:
        where.append("freins && %(freins)s")
    rang = "0"
    if r["q"].strip():
        where.append("recherche @@ websearch_to_tsquery('fr', %(q)s)")
        rang = "ts_rank_cd(recherche, websearch_to_tsquery('fr', %(q)s))"
    sql = (f"SELECT id FROM service WHERE {' AND '.join(where)} "
           f"ORDER BY {rang} DESC, {distance} NULLS LAST, id LIMIT %(k)s")
    return sql, params


# --- running ---------------------------------------------------------------------------------


def mesurer(position: Position) -> tuple[dict[str, Bilan], dict[str, Any]]:
    requetes = charger()
    with tempfile.TemporaryDirectory(prefix="bench-pertinence-") as tmp:
        with demo_indexee(Path(tmp)) as (moteur, index):
            lignes = lignes_publiees(moteur)
            bilans = {"nous": evaluer(requetes, notre_classement(index))}
        with serveur_postgres() as url:
            pair = PairPostgres(url, position)
            pair.charger(lignes)
            bilans["postgresql"] = evaluer(requetes, pair.classer)
            version = pair.connexion.execute("SHOW server_version").fetchone()
            pair.connexion.close()
    sans_centre = sorted({r["commune"] for r in requetes if position(r["commune"]) is None})
    contexte = {"requetes": len(requetes), "offres_publiees": len(lignes),
                "postgresql": version[0] if version else "?",
                "communes_sans_centre": sans_centre}
    return bilans, contexte


def rapport(bilans: dict[str, Bilan], contexte: dict[str, Any], duree: float) -> dict[str, Any]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        **contexte,
        "duree_s": round(duree, 1),
        "moteurs": {m: b.en_dict() for m, b in bilans.items()},
        "manquees": {m: b.manquees for m, b in bilans.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=RESULTATS / "pertinence.json",
                        help="fichier JSON des résultats (défaut : bench/results/pertinence.json)")
    args = parser.parse_args(argv)
    debut = time.perf_counter()
    bilans, contexte = mesurer(territoires.centre)
    resultat = rapport(bilans, contexte, time.perf_counter() - debut)
    print(f"Pertinence ({resultat['date']}) : {contexte['requetes']} requêtes jugées, "
          f"{contexte['offres_publiees']} offres de démonstration, PostgreSQL "
          f"{contexte['postgresql']}, en {resultat['duree_s']} s\n")
    print(tableau(bilans))
    if contexte["communes_sans_centre"]:
        print(f"\ncommunes sans centre connu (pas de rayon pour PostgreSQL) : "
              f"{', '.join(contexte['communes_sans_centre'])}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"\nécrit dans {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
