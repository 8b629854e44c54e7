"""Convention action fiches -> draft offers, with a per-fiche report; documents without fiches answered.

The seed documents are in ../shared/seeds (see tests/test_conventions.py for the parsing itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session

from catalogue.models import Offer, Statut
from importers import ImportRefuse, importer_pour
from importers.base import Rapport, importer
from tests.conftest import SEEDS, exiger_seeds

LOZERE_2025 = SEEDS / "000_430e4baa7bc27e87.txt"
ILLE_ET_VILAINE = SEEDS / "001_a6d6266629e8a183.txt"
MODELE_NATIONAL = SEEDS / "002_d92fba006e6f2c77.txt"
LOZERE_PDI = SEEDS / "003_e79900960da2f92c.txt"
PAS_DE_CALAIS = SEEDS / "004_e7122d632176dcab.txt"


def importer_fichiers(engine: Any, *chemins: Path, format: str | None = None) -> Rapport:
    if any(SEEDS in chemin.parents for chemin in chemins):
        exiger_seeds()
    return importer(importer_pour(list(chemins), format), engine)


def test_each_fiche_becomes_a_draft_with_its_report(engine: Any):
    rapport = importer_fichiers(engine, LOZERE_2025)
    assert rapport.run["format"] == "convention"
    assert [(i.kind, i.status) for i in rapport.items] == [("structure", "created")] + [
        ("service", "created")] * 4
    premiere = rapport.items[1]
    assert premiere.lieu == "000_430e4baa7bc27e87.txt, fiche 1 (lignes 1-70)"
    bilan = premiere.warnings[0]
    assert bilan["message"].startswith("Fiche lue : intitulé, description, thématique, durée")
    assert "à compléter : freins, publics" in bilan["message"]
    assert "Heures par semaine et nombre de semaines à renseigner" in bilan["message"]
    assert "4 fiches action, 4 brouillons d'offre" in " | ".join(rapport.run["messages"])
    with Session(engine) as s:
        offres = s.execute(select(Offer)).scalars().all()
        assert len(offres) == 4 and {o.statut for o in offres} == {Statut.BROUILLON.value}
        provenance = offres[0].brut and offres[0].brut["_provenance"]
        assert provenance and provenance["fichier"] == LOZERE_2025.name
        assert provenance["lignes"] and "titre" in provenance["champs_trouves"]


@pytest.mark.parametrize(("chemin", "structures", "brouillons"), [
    (ILLE_ET_VILAINE, 13, 16),  # 9 fiches, 16 sub-actions, one structure per operator
    (LOZERE_PDI, 1, 8),
    (PAS_DE_CALAIS, 1, 48),  # 11 CLS + 14 CIE fiches, some with sub-actions
])
def test_every_seed_convention_imports_without_rejection(engine: Any, chemin: Path, structures: int,
                                                         brouillons: int):
    rapport = importer_fichiers(engine, chemin)
    compteurs = rapport.run["compteurs"]
    assert compteurs.get("rejected", 0) == 0, [i.as_dict() for i in rapport.items
                                               if i.status == "rejected"][:3]
    assert (compteurs["structures"], compteurs["services"]) == (structures, brouillons)


def test_the_blank_national_model_is_answered_not_imported(engine: Any):
    rapport = importer_fichiers(engine, MODELE_NATIONAL)
    assert len(rapport.items) == 1 and rapport.items[0].status == "rejected"
    assert "modèle national de convention" in rapport.items[0].errors[0]["message"]
    assert rapport.run["statut"] == "done-errors"


@pytest.mark.parametrize(("contenu", "attendu"), [
    ("Convention pour l'insertion et l'emploi 2025.\nCompte rendu du comité de pilotage du 3 mars : "
     "point budgétaire, calendrier.\n", "aucune fiche action reconnue"),
    ("", "aucune fiche action reconnue"),
])
def test_a_text_without_fiche_is_answered(engine: Any, tmp_path: Path, contenu: str, attendu: str):
    chemin = tmp_path / "compte_rendu.txt"
    chemin.write_text(contenu, encoding="utf-8")
    rapport = importer_fichiers(engine, chemin, format="convention")
    assert [i.status for i in rapport.items] == ["rejected"]
    assert attendu in rapport.items[0].errors[0]["message"]


def test_the_minutes_of_a_convention_meeting_are_recognised_and_answered(engine: Any):
    chemin = Path(__file__).resolve().parent / "data" / "importers" / "casses" / "convention_sans_fiche.txt"
    rapport = importer_fichiers(engine, chemin)
    assert rapport.run["format"] == "convention"
    assert [i.status for i in rapport.items] == ["rejected"]
    assert "aucune fiche action reconnue" in rapport.items[0].errors[0]["message"]


def test_a_binary_file_named_txt_is_answered(engine: Any, tmp_path: Path):
    chemin = tmp_path / "convention.txt"
    chemin.write_bytes(b"%PDF-1.7\x00\x00\x01binaire")
    rapport = importer_fichiers(engine, chemin, format="convention")
    assert "contenu binaire" in rapport.items[0].errors[0]["message"]


def test_detection_by_content(tmp_path: Path):
    exiger_seeds()
    for chemin in (LOZERE_2025, MODELE_NATIONAL, PAS_DE_CALAIS):
        assert importer_pour([chemin]).format == "convention"
    courrier = tmp_path / "courrier.txt"
    courrier.write_text("Bonjour, voici les chiffres du mois.", encoding="utf-8")
    with pytest.raises(ImportRefuse, match="Format non reconnu"):
        importer_pour([courrier])


def test_reimport_changes_nothing_and_two_documents_share_their_structure(engine: Any):
    importer_fichiers(engine, LOZERE_2025)
    second = importer_fichiers(engine, LOZERE_2025)
    assert {i.status for i in second.items} == {"unchanged"}
    deux = importer_fichiers(engine, LOZERE_2025, LOZERE_PDI)
    structures = [i for i in deux.items if i.kind == "structure"]
    assert [i.record_id for i in structures] == ["conventions--conseil-departemental-48"]
    assert deux.run["compteurs"].get("rejected", 0) == 0


def test_cli_import_of_a_convention(runner: Any):
    exiger_seeds()
    resultat = runner.invoke(args=["import", str(LOZERE_2025)])
    assert resultat.exit_code == 0, resultat.output
    assert "5 créés" in resultat.output and "4 brouillons d'offre" in resultat.output
    resultat = runner.invoke(args=["import", str(MODELE_NATIONAL)])
    assert resultat.exit_code == 3 and "1 rejeté," in resultat.output
