"""Producer spreadsheets (data·inclusion template): what spreadsheets do to data, undone and reported.

The committed files under tests/data/importers are made by tests/data/importers/fabriquer.py; the
expected outcomes below were checked by reading those files.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlmodel import Session

from catalogue.models import Offer, Structure
from importers import importer_pour
from importers import libelles as lib
from importers.base import Rapport, importer
from importers.cellules import lettre_de_colonne, reparer

DONNEES = Path(__file__).resolve().parent / "data" / "importers"
CLASSEUR = DONNEES / "tableur" / "producteur_cd62.xlsx"
CSV = [DONNEES / "tableur" / "producteur_structures.csv", DONNEES / "tableur" / "producteur_services.csv"]
CASSES = DONNEES / "casses"

#: the outcome of every record of the producer workbook, in report order
ATTENDU = [
    ("structure", "cd62--ml-lens", "created"),
    ("structure", "cd62--ccas-arras", "created"),
    ("structure", "cd62--garage-artois", "created"),
    ("structure", "cd62--rebond-saint-quentin", "rejected"),  # SIRET in scientific notation
    ("structure", "cd62--epicerie-avion", "created"),
    ("service", "cd62--atelier-cv", "created"),
    ("service", "cd62--garde-ponctuelle", "created"),
    ("service", "cd62--auto-ecole-sociale", "created"),
    ("service", "cd62--location-vehicules", "created"),
    ("service", "cd62--aide-garde", "rejected"),  # unknown thématique and public
    ("service", "cd62--permanence-rebond", "rejected"),  # its structure was rejected
    ("service", "cd62--atelier-numerique", "rejected"),  # no description, 0 weeks
    ("service", "cd62--atelier-cv", "rejected"),  # same id as row 4
    ("service", "cd62--colis-alimentaires", "created"),
]


def importer_fichiers(engine: Any, *chemins: Path, **options: Any) -> Rapport:
    return importer(importer_pour(list(chemins)), engine, **options)


def issue(rapport: Rapport, lieu: str) -> Any:
    return next(i for i in rapport.items if i.lieu.endswith(lieu))


def textes(messages: list[dict[str, Any]]) -> str:
    return " | ".join(m["message"] for m in messages)


# ------------------------------------------------------------------------------------------------
# The realistic workbook and its CSV twin


def test_producer_workbook_every_row_accounted_for(engine: Any):
    rapport = importer_fichiers(engine, CLASSEUR)
    assert rapport.run["format"] == "tableur"
    assert [(i.kind, i.record_id, i.status) for i in rapport.items] == ATTENDU
    assert rapport.run["compteurs"]["created"] == 9
    assert rapport.run["compteurs"]["rejected"] == 5
    assert rapport.run["statut"] == "done-errors"


def test_report_names_sheet_row_column_and_value(engine: Any):
    rapport = importer_fichiers(engine, CLASSEUR)
    rebond = issue(rapport, "feuille Structures, ligne 7")
    assert rebond.errors[0]["field"] == "siret" and rebond.errors[0]["value"] == "1,23457E+13"
    assert "notation scientifique" in textes(rebond.warnings)
    assert "Colonne H (code_postal) : « 2100 » lu comme un nombre : zéro initial rétabli, « 02100 »" \
        in textes(rebond.warnings)
    aide = issue(rapport, "feuille Services, ligne 8")
    assert "Colonne I (thematiques) : valeur « garde enfant » inconnue du référentiel « thematiques » ; " \
        "valeur valide la plus proche : « famille--garde-denfants »" in textes(aide.warnings)
    assert "« tous-publics » (Tous publics)" in textes(aide.warnings)
    assert {e["field"] for e in aide.errors} == {"thematiques[0]", "publics[0]"}
    auto_ecole = issue(rapport, "feuille Services, ligne 6")
    assert "nombre Excel (45720) : comprise comme le 2025-03-04" in textes(auto_ecole.warnings)
    messages = " | ".join(rapport.run["messages"])
    assert "colonnes inconnues du schéma v1 ignorées : couleur (V)" in messages
    assert "colonne « nom » en double (E, W)" in messages
    assert "2 lignes d'aide ou d'exemple (marquées dans « __ignore__ ») ignorées." in messages


def test_values_repaired_reach_the_catalogue(engine: Any):
    importer_fichiers(engine, CLASSEUR)
    with Session(engine) as s:
        ml = s.get(Structure, "cd62--ml-lens")
        assert ml is not None and ml.telephone == "0321000001" and ml.nom == "Mission locale Lens-Liévin"
        assert ml.siret == "13002526500013" and ml.code_postal == "62300"
        assert ml.reseaux_porteurs == ["mission-locale"]
        atelier = s.get(Offer, "cd62--atelier-cv")
        assert atelier is not None
        assert atelier.thematiques == [
            "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
            "preparer-sa-candidature--valoriser-ses-competences"]
        assert atelier.zone_eligibilite == ["246200364"], "an EPCI SIREN read as 246200364.0"
        assert atelier.nombre_semaines == 4 and atelier.horaires_accueil == "Mo-Fr 09:00-12:00"
        assert atelier.mobilisable_par == ["professionnels", "usagers"]
        garde = s.get(Offer, "cd62--garde-ponctuelle")
        assert garde is not None and garde.volume_horaire_hebdomadaire == 2.5
        assert garde.date_maj.isoformat() == "2025-04-02", "15/03/2025-style dates read day first"
        location = s.get(Offer, "cd62--location-vehicules")
        assert location is not None and location.zone_eligibilite == ["62119", "62498"]
        assert location.thematiques and len(location.thematiques) == 6, "a catégorie: all its thématiques"
        assert location.brut and location.brut["_provenance"] == {
            "fichier": "producteur_cd62.xlsx", "feuille": "Services", "ligne": 7}


def test_csv_pair_reads_like_the_workbook(engine: Any):
    rapport = importer_fichiers(engine, *reversed(CSV))
    assert [(i.kind, i.record_id, i.status) for i in rapport.items] == ATTENDU
    assert rapport.items[0].lieu == "producteur_structures.csv, ligne 4"
    messages = " | ".join(rapport.run["messages"])
    assert "Windows-1252" in messages and "point-virgule" in messages


def test_reimport_changes_nothing(engine: Any):
    importer_fichiers(engine, CLASSEUR)
    second = importer_fichiers(engine, CLASSEUR)
    assert {i.status for i in second.items if i.status != "rejected"} == {"unchanged"}


def test_cli_imports_a_workbook_with_detection(runner: Any):
    resultat = runner.invoke(args=["import", str(CLASSEUR)])
    assert resultat.exit_code == 3, resultat.output
    assert "9 créés" in resultat.output and "5 rejetés" in resultat.output
    assert "Note : Feuille « Services »" in resultat.output
    resultat = runner.invoke(args=["import", "--format", "tableur", "--dry-run", *map(str, CSV)])
    assert "Import à blanc (rien n'a été écrit) terminé" in resultat.output


# ------------------------------------------------------------------------------------------------
# Broken inputs: a clear message, no crash


@pytest.mark.parametrize(("nom", "attendu"), [
    ("tableur_mauvaises_feuilles.xlsx", "feuilles « Structures » et « Services » introuvables "
                                        "(feuilles présentes : « Feuil1 », « Feuil2 »)"),
    ("tableur_corrompu.xlsx", "ce n'est pas un fichier XLSX valide"),
    ("tableur_csv_renomme.xlsx", "enregistrez-le à nouveau au format .xlsx"),
    ("tableur_ancien.xls", "Excel 97-2003 (.xls), non pris en charge"),
    ("tableur_sans_entete.xlsx", "ligne d'en-tête introuvable"),
    ("tableur_vide.xlsx", "vide : aucune ligne"),
])
def test_broken_workbooks_are_refused_with_a_message(engine: Any, nom: str, attendu: str):
    rapport = importer_fichiers(engine, CASSES / nom)
    assert rapport.run["format"] == "tableur"
    assert rapport.run["statut"] == "done-errors"
    assert all(i.status == "rejected" for i in rapport.items)
    assert attendu in rapport.items[0].errors[0]["message"], rapport.items[0].errors


def test_missing_required_columns_are_said_once_and_rows_rejected(engine: Any):
    rapport = importer_fichiers(engine, CASSES / "tableur_colonnes_manquantes.xlsx")
    assert "colonnes obligatoires absentes : description, date_maj" in " | ".join(rapport.run["messages"])
    services = [i for i in rapport.items if i.kind == "service"]
    assert services and all(i.status == "rejected" for i in services)
    assert "date_maj" in {e["field"] for e in services[0].errors}
    assert [i.status for i in rapport.items if i.kind == "structure"].count("created") == 4


@pytest.mark.parametrize(("nom", "note"), [
    ("producteur_services_utf16.csv", "tabulation"),
    ("producteur_services_mac_roman.csv", "Windows-1252"),
])
def test_csv_in_other_encodings_still_read_and_said(engine: Any, nom: str, note: str):
    rapport = importer_fichiers(engine, CASSES / nom)
    assert rapport.run["format"] == "tableur"
    assert note in " | ".join(rapport.run["messages"])
    assert rapport.items[0].record_id == "cd62--atelier-cv"
    assert rapport.items[0].status == "rejected", "no structure in this run (and mangled accents)"


# ------------------------------------------------------------------------------------------------
# Workbooks made here: layouts people produce


def _classeur(chemin: Path, feuilles: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for nom, lignes in feuilles.items():
        onglet = wb.create_sheet(nom)
        for ligne in lignes:
            onglet.append(ligne)
    wb.save(chemin)
    return chemin


def test_title_above_header_loose_names_and_row_numbers_as_seen(engine: Any, tmp_path: Path):
    chemin = _classeur(tmp_path / "offre.xlsx", {
        " structures ": [
            ["Offre d'insertion — Lozère"], [],
            [" __IGNORE__ ", "Source", "ID", "Nom *", "Date MAJ", "Code postal (5 chiffres)"],
            [None, "cd48", "mds-mende", "Maison des solidarités de Mende", datetime(2025, 4, 1), 48000],
        ],
        "SERVICES": [
            ["__ignore__", "source", "id", "structure_id", "nom", "description", "date_maj",
             "publics", "zone_eligibilite", "thematiques"],
            ["aide", "texte d'aide", None, None, None, None, None, None, None, None],
            [None, "cd48", "cafe-parents", "mds-mende", "Café des parents",
             "Un temps d'échange entre parents, le mardi matin.", "2025-04-01",
             "familles ; FEMMES", "48095, 48", "Soutien à la parentalité et à l’éducation"],
            [None] * 10, [None] * 10,
            [None, "cd48", "cafe-parents-2", "mds-mende", "Café des parents (Marvejols)",
             "Le même café, à Marvejols.", "2025-04-01", "familles", "48092",
             "soutien a la parentalite et a l education"],
        ],
    })
    rapport = importer_fichiers(engine, chemin)
    assert [(i.lieu, i.status) for i in rapport.items] == [
        ("offre.xlsx, feuille  structures , ligne 4", "created"),
        ("offre.xlsx, feuille SERVICES, ligne 3", "created"),
        ("offre.xlsx, feuille SERVICES, ligne 6", "created"),
    ]
    with Session(engine) as s:
        offre = s.get(Offer, "cd48--cafe-parents")
        assert offre is not None and offre.publics == ["familles", "femmes"]
        assert offre.zone_eligibilite == ["48095", "48"]
        assert offre.thematiques == ["famille--soutien-a-la-parentalite-et-a-leducation"]


def test_detection_by_content(tmp_path: Path):
    assert importer_pour([CLASSEUR]).format == "tableur"
    assert importer_pour(CSV).format == "tableur"
    v1 = tmp_path / "services.csv"
    v1.write_text("source,id,structure_id,nom\nx,x--1,x--s,Atelier\n", encoding="utf-8")
    assert importer_pour([v1]).format == "datainclusion-v1"


# ------------------------------------------------------------------------------------------------
# Labels, suggestions and cell repairs, one by one


@pytest.mark.parametrize(("champ", "tape", "attendu"), [
    ("thematiques", "Garde d'enfants", ("famille--garde-denfants",)),
    ("thematiques", "GARDE D’ENFANTS ", ("famille--garde-denfants",)),
    ("thematiques", "garde-denfants", ("famille--garde-denfants",)),
    ("thematiques", "famille--garde-denfants", ("famille--garde-denfants",)),
    ("publics", "Résidents en QPV ou FRR", ("residents-qpv-frr",)),
    ("publics", "Demandeurs d'emploi", ("demandeurs-emploi",)),
    ("modes_accueil", "A distance", ("a-distance",)),
    ("type", "Aide financière", ("aide-financiere",)),
    ("reseaux_porteurs", "France Travail", ("france-travail",)),
])
def test_labels_typed_instead_of_slugs(champ: str, tape: str, attendu: tuple[str, ...]):
    assert lib.lire(champ, tape).slugs == attendu


@pytest.mark.parametrize(("champ", "tape", "suggestion"), [
    ("thematiques", "garde enfant", "famille--garde-denfants"),
    ("publics", "Tout public", "tous-publics"),
    ("frais", "Gratuite", "gratuit"),
    ("mobilisable_par", "Professionnel", "professionnels"),
    ("thematiques", "cuisine moléculaire", None),
])
def test_unknown_values_get_the_closest_slug(champ: str, tape: str, suggestion: str | None):
    lecture = lib.lire(champ, tape)
    assert not lecture.reconnue and lecture.suggestion == suggestion


def test_a_label_with_a_comma_survives_the_comma_split():
    lectures = lib.lire_liste("thematiques", "Utiliser des services de mobilité douce, partagée ou "
                                             "collective,Préparer un permis")
    assert [lecture.slugs for lecture in lectures] == [("mobilite--mobilite-douce-partagee-collective",),
                                                       ("mobilite--preparer-un-permis",)]


@pytest.mark.parametrize(("champ", "cellule", "attendu", "avertit"), [
    ("code_postal", 2100, "02100", True),
    ("code_postal", "59350.0", "59350", False),
    ("code_insee", 59350.0, "59350", False),
    ("siret", 13002526500013.0, "13002526500013", False),
    ("siret", "1,23457E+13", "1,23457E+13", True),
    ("telephone", 321000001, "0321000001", True),
    ("date_maj", datetime(2025, 3, 12, 0, 0), "2025-03-12", False),
    ("date_maj", 45720, "2025-03-04", True),
    ("date_maj", "12/03/2025", "2025-03-12", False),
    ("date_maj", "12/03/25", "2025-03-12", True),
    ("nombre_semaines", 4.0, "4", False),
    ("nombre_semaines", "4,0", "4", False),
    ("zone_eligibilite", "62, 1, 2691.0", ["62", "01", "02691"], True),
    ("nom", "  Atelier CV  ", "Atelier CV", False),
    ("horaires_accueil", "Du lundi au vendredi de 9h à 12h", "Mo-Fr 09:00-12:00", True),
    ("horaires_accueil", "Mo-Fr 09:00-12:00", "Mo-Fr 09:00-12:00", False),
])
def test_cell_repairs(champ: str, cellule: Any, attendu: Any, avertit: bool):
    valeur, avertissements = reparer(champ, cellule, "C")
    assert valeur == attendu
    assert bool(avertissements) is avertit
    assert all(a.message.startswith(f"Colonne C ({champ}) : ") for a in avertissements)


def test_column_letters():
    assert [lettre_de_colonne(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ",
                                                                          "AAA"]
