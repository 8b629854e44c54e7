"""Legacy v0 exports -> v1: one table per field, each tested; nothing silently dropped.

Fixtures: tests/data/importers/v0 (a DORA search page, a data·inclusion v0 dump in two flat lists),
made by tests/data/importers/fabriquer.py. v0 vocabularies as published with the schema's last v0
version (0.x) and the public data·inclusion pipeline seeds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from catalogue.models import Offer, Structure
from catalogue.referentiels import territoires, vocabulaires
from importers import importer_pour
from importers import v0_tables as tables
from importers.base import Rapport, importer
from importers.v0_mapping import TITRE_COMPLEMENTS, service_v1, structure_v1

DONNEES = Path(__file__).resolve().parent / "data" / "importers"
DORA = DONNEES / "v0" / "dora_recherche_v0.json"
DI_STRUCTURES = DONNEES / "v0" / "datainclusion_v0_structures.json"
DI_SERVICES = DONNEES / "v0" / "datainclusion_v0_services.json"
CASSES = DONNEES / "casses"

PROFILS_V0 = (
    "adultes", "alternants", "beneficiaires-rsa", "deficience-visuelle", "demandeurs-demploi",
    "familles-enfants", "etudiants", "femmes", "handicaps-mentaux", "handicaps-psychiques", "jeunes",
    "jeunes-16-26", "locataires", "personnes-de-nationalite-etrangere",
    "personnes-en-situation-de-handicap", "personnes-en-situation-illettrisme", "personnes-handicapees",
    "proprietaires", "public-langues-etrangeres", "retraites", "salaries", "sans-domicile-fixe",
    "seniors-65", "sortants-de-detention", "surdite", "victimes", "tous-publics",
    "personnes-en-situation-durgence",
)
CATEGORIES_V0 = (
    "acces-aux-droits-et-citoyennete", "accompagnement-social-et-professionnel-personnalise",
    "apprendre-francais", "choisir-un-metier", "creation-activite", "equipement-et-alimentation",
    "famille", "gestion-financiere", "handicap", "illettrisme", "logement-hebergement", "mobilite",
    "numerique", "preparer-sa-candidature", "remobilisation", "sante", "se-former",
    "souvrir-a-linternational", "trouver-un-emploi",
)


def importer_fichiers(engine: Any, *chemins: Path, **options: Any) -> Rapport:
    return importer(importer_pour(list(chemins)), engine, **options)


def v0(**champs: Any) -> dict[str, Any]:
    return {"id": "42", "source": "dora", "structure_id": "7", "nom": "Atelier numérique",
            "presentation_resume": "Un atelier pour prendre en main un ordinateur.",
            "date_maj": "2024-05-02", **champs}


def messages(avertissements: list[Any]) -> str:
    return " | ".join(a.message for a in avertissements)


# ------------------------------------------------------------------------------------------------
# The tables: every target exists in the installed v1 vocabularies, every v0 value is covered


def test_thematiques_table_targets_are_v1_and_covers_every_v0_category():
    valides = vocabulaires.valeurs("thematiques")
    for v0_slug, cibles in tables.THEMATIQUES.items():
        assert set(cibles) <= valides, v0_slug
        if not cibles:
            assert v0_slug in tables.LIBELLES_THEMATIQUES_SANS_EQUIVALENT, v0_slug
        categorie = v0_slug.split("--")[0]
        assert categorie in tables.THEMATIQUES or categorie in vocabulaires.libelles("categories")
    assert set(CATEGORIES_V0) <= set(tables.THEMATIQUES)
    assert len(tables.THEMATIQUES) >= 168


def test_profils_table_covers_the_28_profils_and_keeps_what_it_cannot_say():
    assert set(PROFILS_V0) <= set(tables.PROFILS)
    for profil, correspondance in tables.PROFILS.items():
        assert set(correspondance.v1) <= vocabulaires.valeurs("publics"), profil
        assert correspondance.v1 or correspondance.precision, f"{profil} would be lost"
    assert tables.PROFILS["sortants-de-detention"].v1 == ("personnes-en-situation-juridique-specifique",)
    assert tables.PROFILS["beneficiaires-rsa"].v1 == ("beneficiaires-des-minimas-sociaux",)


def test_frais_types_modes_and_reseaux_tables_target_v1():
    assert set(tables.FRAIS) == {"gratuit", "gratuit-sous-conditions", "payant", "adhesion",
                                 "pass-numerique"}
    for table, champ in ((tables.FRAIS, "frais"), (tables.TYPES, "type"),
                         (tables.TYPOLOGIES, "reseaux_porteurs")):
        for cle, correspondance in table.items():
            assert set(correspondance.v1) <= vocabulaires.valeurs(champ), cle
            assert correspondance.v1 or correspondance.precision, cle
    assert set(tables.ORDRE_TYPES) == vocabulaires.valeurs("type")
    for table_modes in (tables.MODES_ORIENTATION_ACCOMPAGNATEUR, tables.MODES_ORIENTATION_BENEFICIAIRE):
        for mode in table_modes.values():
            assert mode.mode is None or mode.mode in vocabulaires.valeurs("modes_mobilisation")
    for cibles in tables.LABELS_NATIONAUX.values():
        assert set(cibles) <= vocabulaires.valeurs("reseaux_porteurs")


# ------------------------------------------------------------------------------------------------
# Field by field


def test_ids_get_their_source_and_dates_lose_their_time():
    service, _ = service_v1(v0(date_maj="2024-10-02T08:41:12.512Z"))
    assert service["id"] == "dora--42" and service["structure_id"] == "dora--7"
    assert service["date_maj"] == "2024-10-02"
    deja, _ = service_v1(v0(id="dora--42"))
    assert deja["id"] == "dora--42"


def test_profils_become_publics_with_precisions():
    service, avertissements = service_v1(v0(profils=["beneficiaires-rsa", "surdite", "adultes"],
                                            profils_precisions="Habitants du quartier"))
    assert service["publics"] == ["beneficiaires-des-minimas-sociaux", "personnes-en-situation-de-handicap"]
    assert service["publics_precisions"] == ("Habitants du quartier\n"
                                             "Bénéficiaires du RSA ; Surdité ; Adultes")
    assert "Profil v0 « adultes » sans public v1 équivalent" in messages(avertissements)
    assert "surdite" not in messages(avertissements), "a narrower profil is kept, not a loss"


def test_tous_publics_stands_alone_the_others_go_to_precisions():
    service, avertissements = service_v1(v0(profils=["tous-publics", "femmes", "jeunes"]))
    assert service["publics"] == ["tous-publics"]
    assert service["publics_precisions"] == "Publics visés en particulier : Femmes, Jeunes"
    assert "reste ouvert à tous" in messages(avertissements)


@pytest.mark.parametrize(("frais", "autres", "attendu", "precisions"), [
    (["gratuit"], None, "gratuit", None),
    (["gratuit-sous-conditions"], "Sur quotient familial", "gratuit",
     "Sur quotient familial\nGratuit sous conditions"),
    (["adhesion", "gratuit"], None, "payant", "Adhésion nécessaire"),
    (["pass-numerique"], None, None, "Accepte le pass numérique"),
])
def test_frais_set_becomes_one_value_and_precisions(frais: list[str], autres: str | None,
                                                   attendu: str | None, precisions: str | None):
    service, _ = service_v1(v0(frais=frais, frais_autres=autres))
    assert service.get("frais") == attendu
    assert service.get("frais_precisions") == precisions


def test_types_set_becomes_one_type_the_rest_is_written_out():
    service, avertissements = service_v1(v0(types=["information", "atelier", "autonomie"]))
    assert service["type"] == "atelier"
    assert "- Types : Information, En autonomie." in service["description"]
    assert "autonomie" in messages(avertissements)
    seul, rien = service_v1(v0(types=["accueil"]))
    assert seul["type"] == "information" and not rien


def test_thematiques_old_to_new_and_without_equivalent():
    service, avertissements = service_v1(v0(thematiques=[
        "mobilite--preparer-un-permis-de-conduire", "famille--soutien-a-la-parentalite",
        "handicap", "sante--sante-mentale", "creation-activite"]))
    assert service["thematiques"] == [
        "mobilite--preparer-un-permis", "famille--soutien-a-la-parentalite-et-a-leducation",
        "sante--sante-mentale", *vocabulaires.thematiques_de("creer-une-entreprise")]
    assert f"{TITRE_COMPLEMENTS}\n- Thématiques : Handicap." in service["description"]
    assert "handicap" in messages(avertissements)


@pytest.mark.parametrize(("sorte", "code", "code_insee", "attendu"), [
    ("commune", "62498", None, ["62498"]),
    ("commune", None, "62041", ["62041"]),
    ("epci", "246200364", None, ["246200364"]),
    ("departement", "62", None, ["62"]),
    ("departement", None, "62041", ["62"]),
    ("pays", "99100", None, ["france"]),
])
def test_zone_de_diffusion_becomes_zone_eligibilite(sorte: str, code: str | None,
                                                    code_insee: str | None, attendu: list[str]):
    service, _ = service_v1(v0(zone_diffusion_type=sorte, zone_diffusion_code=code,
                               code_insee=code_insee))
    assert service["zone_eligibilite"] == attendu


def test_a_region_becomes_its_departements_and_an_unknown_zone_is_not_widened():
    service, _ = service_v1(v0(zone_diffusion_type="region", zone_diffusion_code="32"))
    assert service["zone_eligibilite"] == [d.code for d in territoires.departements()
                                           if d.region == "32"]
    assert {"02", "59", "60", "62", "80"} <= set(service["zone_eligibilite"])
    inconnue, avertissements = service_v1(v0(zone_diffusion_type="epci",
                                             zone_diffusion_code="200099999"))
    assert inconnue["zone_eligibilite"] == ["200099999"], "left for the validation to refuse"
    assert "rejeté plutôt qu'ouvert à toute la France" in messages(avertissements)


def test_modes_orientation_become_modes_mobilisation_and_mobilisable_par():
    service, avertissements = service_v1(v0(
        modes_orientation_accompagnateur=["envoyer-un-mail-avec-une-fiche-de-prescription", "prendre-rdv"],
        modes_orientation_beneficiaire=["se-presenter", "telephoner", "autre"],
        modes_orientation_beneficiaire_autres="Permanence le jeudi"))
    assert service["modes_mobilisation"] == ["envoyer-un-courriel", "se-presenter", "telephoner"]
    assert service["mobilisable_par"] == ["professionnels", "usagers"]
    assert service["mobilisation_precisions"] == (
        "Pour les professionnels : Envoyer un courriel avec une fiche de prescription ; Prendre "
        "rendez-vous auprès de la structure.\nPour les usagers : Permanence le jeudi.")
    assert "prendre-rdv" in messages(avertissements)
    avec_lien, _ = service_v1(v0(modes_orientation_beneficiaire=["prendre-rdv"],
                                 prise_rdv="https://rdv.example.org"))
    assert avec_lien["modes_mobilisation"] == ["utiliser-lien-mobilisation"]
    assert avec_lien["lien_mobilisation"] == "https://rdv.example.org"


def test_presentation_becomes_description_and_is_cut_at_the_v1_limit():
    service, _ = service_v1(v0(presentation_resume="Court.", presentation_detail="Long texte."))
    assert service["description"] == "Court.\n\nLong texte."
    inclus, _ = service_v1(v0(presentation_resume="Atelier CV", presentation_detail="Atelier CV : "
                              "deux séances."))
    assert inclus["description"] == "Atelier CV : deux séances."
    long, avertissements = service_v1(v0(presentation_detail="x" * 12_000))
    assert len(long["description"]) == 10_000 and "coupée" in messages(avertissements)
    rien, avertissements = service_v1(v0(presentation_resume=None))
    assert "description" not in rien and "obligatoire" in messages(avertissements)


def test_pre_requis_and_justificatifs_become_conditions_acces():
    service, avertissements = service_v1(v0(pre_requis=["Savoir lire", "Être majeur"],
                                            justificatifs="Pièce d'identité", cumulable=False))
    assert service["conditions_acces"] == ("Pré-requis : Savoir lire ; Être majeur.\n"
                                           "Justificatifs à fournir : Pièce d'identité.\n"
                                           "Non cumulable avec d'autres services.")
    assert "cumulable" in messages(avertissements)


@pytest.mark.parametrize(("recurrence", "horaires", "dans_description"), [
    ("Mo-Fr 09:00-12:00", "Mo-Fr 09:00-12:00", False),
    ("Du lundi au vendredi de 9h à 12h et de 14h à 17h", "Mo-Fr 09:00-12:00,14:00-17:00", False),
    ("Une fois par mois", None, True),
])
def test_recurrence_becomes_horaires_when_it_parses(recurrence: str, horaires: str | None,
                                                    dans_description: bool):
    service, _ = service_v1(v0(recurrence=recurrence))
    assert service.get("horaires_accueil") == horaires
    assert (f"Horaires : {recurrence}" in service["description"]) is dans_description


def test_private_contact_is_not_published_and_the_v0_record_rides_along():
    original = v0(contact_public=False, courriel="a@example.org", telephone="0102030405",
                  score_qualite=0.5, rna="W1")
    service, avertissements = service_v1(original)
    assert "courriel" not in service and "telephone" not in service
    assert service["_v0"] == original
    assert "Champs v0 sans équivalent v1, gardés dans l'enregistrement brut : rna" in messages(
        avertissements)


def test_structure_typologie_and_labels_become_reseaux_porteurs():
    structure, avertissements = structure_v1({
        "id": "s1", "source": "dora", "nom": "CCAS de Lens", "date_maj": "2024-01-01",
        "typologie": "CCAS", "labels_nationaux": ["france-service", "point-conseil-budget", "apec"],
        "labels_autres": ["Label maison"], "horaires_ouverture": "Mo-Fr 09:00-12:00",
        "accessibilite": "https://acceslibre.beta.gouv.fr/x", "thematiques": ["numerique"]})
    assert structure["reseaux_porteurs"] == ["ccas-cias", "france-service", "points-conseil-budget"]
    assert structure["horaires_accueil"] == "Mo-Fr 09:00-12:00"
    assert structure["accessibilite_lieu"] == "https://acceslibre.beta.gouv.fr/x"
    assert "- Labels : apec, Label maison." in structure["description"]
    assert "thematiques : supprimés en v1" in messages(avertissements)


# ------------------------------------------------------------------------------------------------
# Realistic files


def test_dora_search_page(engine: Any):
    rapport = importer_fichiers(engine, DORA)
    assert rapport.run["format"] == "datainclusion-v0"
    assert [(i.kind, i.status) for i in rapport.items] == [
        ("structure", "created"), ("structure", "created"), ("service", "created"),
        ("service", "created"), ("service", "created"), ("service", "rejected"),
        ("service", "created")]
    assert ("3 structures répétées à l'identique dans les pages (une par service) : lues une seule "
            "fois.") in " | ".join(rapport.run["messages"])
    rejete = rapport.items[5]
    assert rejete.lieu == "dora_recherche_v0.json, items n° 4 (ligne 309)"
    assert rejete.errors[0]["field"] == "description"
    assert rapport.run["compteurs"]["warned"] == 7
    with Session(engine) as s:
        offre = s.get(Offer, "dora--b2f1a6c3-0e5d-4f7a-8b9c-1d2e3f4a5b6c")
        assert offre is not None and offre.type == "atelier" and offre.horaires_accueil == "Tu 09:00-11:00"
        assert offre.publics == ["beneficiaires-des-minimas-sociaux", "seniors"]
        assert offre.volume_horaire_hebdomadaire == 2 and offre.nombre_semaines == 6
        assert offre.brut and offre.brut["_v0"]["profils"] == ["beneficiaires-rsa", "seniors-65", "adultes"]
        mds = s.get(Structure, "dora--5b7d2a90-8e44-4c1f-a3d6-19f0c2e8b7aa")
        assert mds is not None and mds.reseaux_porteurs == ["maisons-des-solidarites"]


def test_datainclusion_v0_dump_in_two_files(engine: Any):
    rapport = importer_fichiers(engine, DI_SERVICES, DI_STRUCTURES)
    assert [(i.record_id, i.status) for i in rapport.items] == [
        ("mediation-numerique--fredo-2141", "created"), ("odspep--odspep-9001", "created"),
        ("mediation-numerique--fredo-2141-ateliers", "created"),
        ("odspep--odspep-9001-epicerie", "created"),
        ("odspep--odspep-9001-domiciliation", "rejected"),
        ("odspep--odspep-9002-orphelin", "rejected")]
    with Session(engine) as s:
        epicerie = s.get(Offer, "odspep--odspep-9001-epicerie")
        assert epicerie is not None and epicerie.zone_eligibilite == ["62178"]
        assert epicerie.publics == ["personnes-en-situation-durgence"]


def test_reimport_changes_nothing(engine: Any):
    importer_fichiers(engine, DORA)
    second = importer_fichiers(engine, DORA)
    assert {i.status for i in second.items} == {"unchanged", "rejected"}


def test_cli_with_and_without_format(runner: Any):
    resultat = runner.invoke(args=["import", str(DORA)])
    assert resultat.exit_code == 3 and "6 créés" in resultat.output, resultat.output
    resultat = runner.invoke(args=["import", "--format", "datainclusion-v0", str(DI_STRUCTURES)])
    assert resultat.exit_code == 0 and "2 créés" in resultat.output, resultat.output


def test_detection_leaves_v1_to_the_v1_importer(tmp_path: Path):
    assert importer_pour([DORA]).format == "datainclusion-v0"
    v1 = tmp_path / "v1.json"
    v1.write_text(json.dumps({"services": [{"id": "x--1", "publics": ["jeunes"]}]}), encoding="utf-8")
    assert importer_pour([v1]).format == "datainclusion-v1"


# ------------------------------------------------------------------------------------------------
# Broken inputs


def test_truncated_export_keeps_what_came_before(engine: Any):
    rapport = importer_fichiers(engine, CASSES / "v0_tronque.json")
    assert rapport.items[0].status == "rejected"
    assert "tronqué" in rapport.items[0].errors[0]["message"]
    assert [i.status for i in rapport.items[1:]].count("created") >= 3


@pytest.mark.parametrize(("nom", "attendu"), [
    ("v0_page_erreur.json", "ce n'est pas du JSON (il commence par « <html>"),
    ("v0_elements_pas_des_objets.json", "Objet JSON attendu"),
])
def test_not_records_give_a_clear_message(engine: Any, nom: str, attendu: str):
    rapport = importer(importer_pour([CASSES / nom], "datainclusion-v0"), engine)
    assert rapport.items and all(i.status == "rejected" for i in rapport.items)
    assert attendu in rapport.items[0].errors[0]["message"]


def test_windows_1252_export_is_read_and_said(engine: Any):
    rapport = importer(importer_pour([CASSES / "v0_windows_1252.json"], "datainclusion-v0"), engine)
    assert "Windows-1252" in " | ".join(rapport.run["messages"])
    assert rapport.items[0].errors[0]["field"] == "structure_id", "read fine, its structure is absent"
