"""The fictional demo catalogue: deterministic, valid v1, clearly fictional, and rich enough to
exercise search by frein and the 15-hour programmes in the three seed départements."""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import opening_hours
import pytest
from data_inclusion.schema import v1

from catalogue.demo import generateur, modeles
from catalogue.demo.generateur import generer_catalogue
from catalogue.formats import compte
from catalogue.referentiels import freins, territoires
from catalogue.validation import valider_service, valider_structure

RACINE = Path(__file__).resolve().parents[1]
#: a fixed past date: the schema refuses a date_maj later than the real today
JOUR = datetime.date(2026, 6, 30)
DEPARTEMENTS = ("35", "48", "62")
BESOINS_EMPLOI = (
    "choisir-un-metier",
    "se-former",
    "preparer-sa-candidature",
    "trouver-un-emploi",
    "creer-une-entreprise",
)
#: a week without public holidays, to measure weekly opening hours
SEMAINE = datetime.datetime(2025, 3, 3)

Catalogue = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return generer_catalogue(JOUR)


@pytest.fixture(scope="module")
def services(catalogue: Catalogue) -> list[dict[str, Any]]:
    return catalogue["services"]


@pytest.fixture(scope="module")
def structures(catalogue: Catalogue) -> list[dict[str, Any]]:
    return catalogue["structures"]


def departement(enregistrement: dict[str, Any]) -> str:
    commune = territoires.commune(enregistrement["code_insee"])
    assert commune is not None
    return commune.departement


def tous(catalogue: Catalogue) -> Iterator[dict[str, Any]]:
    yield from catalogue["structures"]
    yield from catalogue["services"]


def heures_ouvertes(horaires: str) -> float:
    """Open hours of an OSM opening_hours string over one ordinary week."""
    fin = SEMAINE + datetime.timedelta(days=7)
    ouvert = opening_hours.State.OPEN
    return sum(
        (b - a).total_seconds() / 3600
        for a, b, etat, _ in opening_hours.OpeningHours(horaires).intervals(SEMAINE, fin)
        if etat == ouvert
    )


# --- determinism -----------------------------------------------------------------------------


def test_deux_appels_donnent_le_meme_catalogue(catalogue: Catalogue) -> None:
    second = generer_catalogue(JOUR)
    assert second == catalogue
    assert json.dumps(second, ensure_ascii=False) == json.dumps(catalogue, ensure_ascii=False)


def test_sortie_independante_du_hachage_des_chaines(tmp_path: Path) -> None:
    """No dependence on set or dict order: two processes with different hash seeds agree."""
    sorties = []
    for graine in ("1", "2"):
        fichier = tmp_path / f"demo-{graine}.json"
        environnement = {**os.environ, "PYTHONHASHSEED": graine}
        commande = [sys.executable, "-m", "catalogue.demo.generateur", "--out", str(fichier)]
        commande += ["--date", JOUR.isoformat()]
        subprocess.run(commande, check=True, cwd=RACINE, env=environnement, capture_output=True)
        sorties.append(fichier.read_bytes())
    assert sorties[0] == sorties[1]


def test_seules_les_dates_suivent_aujourdhui(catalogue: Catalogue) -> None:
    plus_tard = generer_catalogue(JOUR + datetime.timedelta(days=10))
    for avant, apres in zip(tous(catalogue), tous(plus_tard), strict=True):
        ecart = datetime.date.fromisoformat(apres["date_maj"]) - datetime.date.fromisoformat(
            avant["date_maj"]
        )
        assert ecart == datetime.timedelta(days=10)
        assert {**avant, "date_maj": None} == {**apres, "date_maj": None}


def test_dates_passees_et_etalees(catalogue: Catalogue) -> None:
    dates = [datetime.date.fromisoformat(e["date_maj"]) for e in tous(catalogue)]
    assert max(dates) <= JOUR
    assert min(dates) >= JOUR - datetime.timedelta(days=generateur.ANCIENNETE_MAX_JOURS)
    assert (JOUR - min(dates)).days > 450, "les dates couvrent environ 20 mois"
    assert len({d.strftime("%Y-%m") for d in dates}) >= 18


def test_par_defaut_rien_dans_le_futur() -> None:
    aujourdhui = datetime.date.today()
    catalogue = generer_catalogue()
    assert all(datetime.date.fromisoformat(e["date_maj"]) <= aujourdhui for e in tous(catalogue))


# --- validity --------------------------------------------------------------------------------


def test_tout_est_valide_en_v1_sans_avertissement(catalogue: Catalogue) -> None:
    contexte = {"ignore_warnings": False}
    for structure in catalogue["structures"]:
        v1.Structure.model_validate(structure, context=contexte)
    for service in catalogue["services"]:
        v1.Service.model_validate(service, context=contexte)


def test_le_validateur_du_catalogue_accepte_tout_sans_avertissement(catalogue: Catalogue) -> None:
    for structure in catalogue["structures"]:
        resultat = valider_structure(structure)
        assert not resultat.erreurs and not resultat.avertissements, structure["id"]
    for service in catalogue["services"]:
        resultat = valider_service(service)
        assert not resultat.erreurs and not resultat.avertissements, service["id"]


def test_json_pur(catalogue: Catalogue) -> None:
    assert json.loads(json.dumps(catalogue)) == catalogue


def test_identifiants_uniques_et_structures_existantes(
    structures: list[dict[str, Any]], services: list[dict[str, Any]]
) -> None:
    ids_structures = [s["id"] for s in structures]
    ids_services = [s["id"] for s in services]
    assert len(set(ids_structures)) == len(ids_structures)
    assert len(set(ids_services)) == len(ids_services)
    assert {s["structure_id"] for s in services} == set(ids_structures)


# --- clearly fictional -----------------------------------------------------------------------


def test_tout_est_marque_fictif(catalogue: Catalogue) -> None:
    for enregistrement in tous(catalogue):
        assert enregistrement["source"] == "demo"
        assert enregistrement["id"].startswith("demo--")
        assert enregistrement["lien_source"] is None
        assert enregistrement["courriel"].endswith("@exemple.org")
        assert enregistrement["telephone"].startswith("01 99 00 ")
    for structure in catalogue["structures"]:
        assert structure["nom"].endswith("(démo)")
        assert structure["description"].startswith("Structure fictive de démonstration.")
        assert structure["site_web"] is None and structure["siret"] is None
    for service in catalogue["services"]:
        assert service["lien_mobilisation"] is None
        derniere_phrase = service["description"].rsplit("\n\n", 1)[-1]
        assert "fictive" in derniere_phrase or "démonstration" in derniere_phrase


def test_telephones_dans_la_plage_reservee_a_la_fiction(catalogue: Catalogue) -> None:
    for enregistrement in tous(catalogue):
        chiffres = enregistrement["telephone"].replace(" ", "")
        assert len(chiffres) == 10 and chiffres.isdigit() and chiffres.startswith("019900")


# --- size and coverage -----------------------------------------------------------------------


def test_taille(structures: list[dict[str, Any]], services: list[dict[str, Any]]) -> None:
    assert len(services) >= 300
    assert 60 <= len(structures) <= 90
    par_departement = Counter(departement(s) for s in services)
    assert set(par_departement) == set(DEPARTEMENTS)
    assert min(par_departement.values()) >= 80


def test_plusieurs_communes_par_departement(services: list[dict[str, Any]]) -> None:
    communes = {(departement(s), s["code_insee"]) for s in services}
    for code in DEPARTEMENTS:
        assert len({c for d, c in communes if d == code}) >= 5


@pytest.mark.parametrize("code", DEPARTEMENTS)
@pytest.mark.parametrize("frein", [f.slug for f in freins.FREINS])
def test_chaque_frein_a_plusieurs_offres_par_departement(
    services: list[dict[str, Any]], frein: str, code: str
) -> None:
    offres = [
        s
        for s in services
        if departement(s) == code and frein in freins.freins_leves(s["thematiques"])
    ]
    assert len(offres) >= 3, f"{frein} dans le {code} : {compte(len(offres), 'offre')}"
    assert any(s["volume_horaire_hebdomadaire"] is not None for s in offres)


@pytest.mark.parametrize("code", DEPARTEMENTS)
@pytest.mark.parametrize("categorie", BESOINS_EMPLOI)
def test_besoins_emploi_couverts_par_departement(
    services: list[dict[str, Any]], categorie: str, code: str
) -> None:
    offres = [
        s
        for s in services
        if departement(s) == code and any(t.startswith(categorie + "--") for t in s["thematiques"])
    ]
    assert len(offres) >= 2, f"{categorie} dans le {code}"


def test_variete_des_champs(services: list[dict[str, Any]]) -> None:
    assert set(Counter(s["type"] for s in services)) == {t.value for t in v1.TypeService}
    accueil = Counter(tuple(s["modes_accueil"]) for s in services)
    assert accueil[("en-presentiel",)] > len(services) / 2
    assert accueil[("a-distance",)] > 0 and accueil[("a-distance", "en-presentiel")] > 0
    frais = Counter(s["frais"] for s in services)
    assert frais["payant"] >= 20 and frais["gratuit"] > frais["payant"]
    publics = Counter(s["publics"] == ["tous-publics"] for s in services)
    assert publics[True] >= 50 and publics[False] >= 50
    assert sum(s["contact_nom_prenom"] is not None for s in services) >= 50
    assert sum(s["conditions_acces"] is not None for s in services) >= 30


# --- texts -----------------------------------------------------------------------------------


def test_textes(catalogue: Catalogue) -> None:
    for enregistrement in tous(catalogue):
        assert 3 <= len(enregistrement["nom"]) <= 150
        assert not enregistrement["nom"].endswith(".")
    for service in catalogue["services"]:
        assert 200 <= len(service["description"]) <= 1500, service["id"]
        assert 1 <= len(service["thematiques"]) <= 3
        assert service["publics"] == ["tous-publics"] or "tous-publics" not in service["publics"]
        assert (service["frais"] == "payant") == bool(service["frais_precisions"])
        assert service["modes_mobilisation"] and service["mobilisable_par"]
        assert service["mobilisation_precisions"]


def test_descriptions_variees(services: list[dict[str, Any]]) -> None:
    descriptions = [s["description"] for s in services]
    premiers_paragraphes = {d.split("\n\n", 1)[0] for d in descriptions}
    assert len(set(descriptions)) >= 0.95 * len(descriptions)
    assert len(premiers_paragraphes) >= 100


# --- hours -----------------------------------------------------------------------------------


def test_heures_hebdomadaires(services: list[dict[str, Any]]) -> None:
    avec = [s for s in services if s["volume_horaire_hebdomadaire"] is not None]
    assert 0.75 <= len(avec) / len(services) <= 0.9
    for service in services:
        assert (service["volume_horaire_hebdomadaire"] is None) == (
            service["nombre_semaines"] is None
        )
    for service in avec:
        assert 1 <= service["volume_horaire_hebdomadaire"] <= 35
        assert 1 <= service["nombre_semaines"] <= 52
    semaines = Counter(s["nombre_semaines"] for s in avec)
    assert semaines[1] >= 30, "des ateliers ponctuels"
    assert sum(n for k, n in semaines.items() if 4 <= k <= 8) >= 50, (
        "des parcours de 4 à 8 semaines"
    )
    assert sum(n for k, n in semaines.items() if k >= 26) >= 30, "des activités au long cours"
    sans = {s["type"] for s in services if s["volume_horaire_hebdomadaire"] is None}
    assert {"aide-financiere", "information"} <= sans


def test_horaires_valides(catalogue: Catalogue) -> None:
    for enregistrement in tous(catalogue):
        horaires = enregistrement["horaires_accueil"]
        if horaires is None:
            continue
        assert opening_hours.validate(horaires), horaires
        assert not opening_hours.OpeningHours(horaires).warnings, horaires


def test_horaires_presents_et_coherents_avec_les_heures(services: list[dict[str, Any]]) -> None:
    avec = [s for s in services if s["horaires_accueil"] is not None]
    assert 0.8 <= len(avec) / len(services) <= 0.95
    for service in avec:
        volume = service["volume_horaire_hebdomadaire"]
        if volume is not None:
            ouvert = heures_ouvertes(service["horaires_accueil"])
            assert ouvert >= volume - 1e-9, (service["id"], service["horaires_accueil"], volume)


@pytest.mark.parametrize(
    "volume",
    sorted({r.volume for p in modeles.PORTEURS.values() for o in p.offres for r in o.rythmes}),
)
def test_creneaux_totalisent_le_volume(volume: float) -> None:
    for graine in range(20):
        horaires = generateur.creneaux(volume, random.Random(graine))
        assert opening_hours.validate(horaires)
        assert heures_ouvertes(horaires) == pytest.approx(volume), horaires


def test_phrase_rythme_et_heures() -> None:
    assert generateur.heures(4.5) == "4 h 30"
    assert generateur.heures(3) == "3 h"
    phrase = generateur.phrase_rythme(modeles.Rythme(10, 3), random.Random(0))
    assert "10 h" in phrase and "3 semaines" in phrase


# --- territories -----------------------------------------------------------------------------


def test_zones_existent_et_sont_variees(services: list[dict[str, Any]]) -> None:
    sortes: Counter[str] = Counter()
    for service in services:
        for code in service["zone_eligibilite"]:
            sorte = territoires.type_de_zone(code)
            assert sorte is not None, (service["id"], code)
            sortes[sorte] += 1
    assert sortes["commune"] >= 20 and sortes["epci"] >= 50 and sortes["departement"] >= 50
    assert 0 < sortes["france"] <= 30


def test_zone_couvre_le_lieu_du_service(services: list[dict[str, Any]]) -> None:
    """A person living where the service is held is eligible (the data·inclusion matching rule)."""
    for service in services:
        englobantes = set(territoires.zones_englobantes(service["code_insee"]))
        assert englobantes & set(service["zone_eligibilite"]), service["id"]


def test_adresses_dans_la_commune(catalogue: Catalogue) -> None:
    for enregistrement in tous(catalogue):
        commune = territoires.commune(enregistrement["code_insee"])
        assert commune is not None
        assert enregistrement["commune"] == commune.nom
        assert enregistrement["code_postal"] in commune.codes_postaux
        latitude, longitude = modeles.CENTRES[commune.code]
        assert abs(enregistrement["latitude"] - latitude) < 0.02
        assert abs(enregistrement["longitude"] - longitude) < 0.02


def test_structures_et_services_du_meme_departement(catalogue: Catalogue) -> None:
    par_id = {s["id"]: s for s in catalogue["structures"]}
    for service in catalogue["services"]:
        assert departement(service) == departement(par_id[service["structure_id"]])


def test_centres_sont_des_communes_du_cog() -> None:
    """Every hand-chosen code is a commune of the COG in the expected département."""
    for code in modeles.CENTRES:
        commune = territoires.commune(code)
        assert commune is not None and commune.departement == code[:2]


def test_de_et_a() -> None:
    assert generateur.de("Arras") == "d'Arras"
    assert generateur.de("Hénin-Beaumont") == "d'Hénin-Beaumont"
    assert generateur.de("Lens") == "de Lens"
    assert generateur.de("Le Havre") == "du Havre"
    assert generateur.a("Les Mées") == "aux Mées"
    assert generateur.enumeration(["Lens", "Liévin", "Arras"]) == "Lens, Liévin et Arras"


# --- command line ----------------------------------------------------------------------------


def test_ligne_de_commande(tmp_path: Path, catalogue: Catalogue) -> None:
    fichier = tmp_path / "demo.json"
    assert generateur.main(["--out", str(fichier), "--date", JOUR.isoformat()]) == 0
    assert json.loads(fichier.read_text(encoding="utf-8")) == catalogue
