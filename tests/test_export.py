"""Export to data·inclusion v1: every record validated, round trip lossless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from data_inclusion.schema import v1
from sqlalchemy import update
from sqlmodel import Session

from catalogue.exports import exporter
from catalogue.models import Offer
from importers import importer_pour
from importers.base import importer
from tests.fabriques import ecrire_json, service, structure


def complet(n: int) -> dict[str, Any]:
    """A service with every v1 field filled."""
    return service(
        n, type="atelier", frais="payant", frais_precisions="2 € par séance",
        publics=["jeunes", "femmes"], publics_precisions="Moins de 26 ans, « avec » guillemets",
        conditions_acces="Savoir lire, écrire; compter", commune="Lens", code_postal="62300",
        code_insee="62498", adresse="1 rue de l'Exemple", complement_adresse="Bâtiment B",
        longitude=2.8319, latitude=50.4322, telephone="01 99 00 12 34",
        courriel="contact@exemple.org", modes_accueil=["a-distance", "en-presentiel"],
        zone_eligibilite=["62498", "246200364", "59"], contact_nom_prenom="Camille Martin",
        lien_mobilisation="https://exemple.org/inscription", lien_source="https://exemple.org/s",
        modes_mobilisation=["telephoner", "envoyer-un-courriel"],
        mobilisable_par=["professionnels", "usagers"],
        mobilisation_precisions="Appeler le lundi.\nDeuxième ligne, avec virgule",
        volume_horaire_hebdomadaire=2.5, nombre_semaines=6,
        horaires_accueil="Mo,Tu 09:00-12:00; PH off",
        description="Première ligne.\nDeuxième ligne ; avec « guillemets », virgules, et accents.",
    )


def structure_complete() -> dict[str, Any]:
    return structure(1, description="Association fictive de démonstration.",
                     siret="12345678900011", commune="Lens", code_postal="62300",
                     code_insee="62498", adresse="2 rue de l'Exemple", longitude=2.83,
                     latitude=50.43, telephone="01 99 00 00 00", courriel="accueil@exemple.org",
                     site_web="https://exemple.org/", horaires_accueil="Mo-Fr 09:00-17:00",
                     accessibilite_lieu="https://acceslibre.beta.gouv.fr/app/erp/exemple/",
                     reseaux_porteurs=["mission-locale"], lien_source="https://exemple.org/st")


def charger(engine: Any, chemin: Path) -> None:
    rapport = importer(importer_pour([chemin]), engine)
    assert rapport.run["statut"] == "done", rapport.as_dict()


def lire(dossier: Path, format: str, kind: str) -> str:
    return (dossier / f"{kind}.{format}").read_text(encoding="utf-8")


@pytest.mark.parametrize("format", ["json", "jsonl", "csv"])
def test_round_trip_import_export_import_is_lossless(app: Any, engine: Any, tmp_path: Path,
                                                      format: str):
    source = ecrire_json(tmp_path / "source.json", {
        "structures": [structure_complete(), structure(2)],
        "services": [complet(1), service(2), service(3, structure_n=2)]})
    charger(engine, source)
    with Session(engine) as s:
        bilan = exporter(s, tmp_path / "export1", format)
    assert bilan.ecrits == {"structures": 2, "services": 3}
    assert not bilan.ecartes

    # import the export into a fresh database, export again: identical files
    from catalogue import create_app, db

    autre = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'autre.db'}"})
    with autre.app_context():
        db.creer_tables()
        rapport = importer(importer_pour([tmp_path / "export1" / f"structures.{format}",
                                          tmp_path / "export1" / f"services.{format}"]),
                           db.engine())
        assert rapport.run["compteurs"]["created"] == 5, rapport.as_dict()
        with db.session_scope() as s:
            exporter(s, tmp_path / "export2", format)
    for kind in ("structures", "services"):
        assert lire(tmp_path / "export1", format, kind) == lire(tmp_path / "export2", format, kind)

    # and the re-import of the first export into the first database changes nothing
    rapport = importer(importer_pour([tmp_path / "export1" / f"structures.{format}",
                                      tmp_path / "export1" / f"services.{format}"]), engine)
    assert {i.status for i in rapport.items} == {"unchanged"}


def test_export_equals_the_valid_input(engine: Any, tmp_path: Path):
    entree = complet(1)
    charger(engine, ecrire_json(tmp_path / "s.json", {"structures": [structure_complete()],
                                                      "services": [entree]}))
    with Session(engine) as s:
        exporter(s, tmp_path / "out", "json")
    (sortie,) = json.loads(lire(tmp_path / "out", "json", "services"))
    v1.Service.model_validate(sortie)
    attendu = {**{k: None for k in sortie}, **entree}
    for champ in ("thematiques", "publics", "modes_accueil", "modes_mobilisation",
                  "mobilisable_par"):
        attendu[champ] = sorted(attendu[champ])
    assert sortie == attendu


def test_invalid_rows_are_listed_and_left_out(engine: Any, tmp_path: Path):
    charger(engine, ecrire_json(tmp_path / "s.json", {"structures": [structure(1)],
                                                      "services": [service(1), service(2)]}))
    with Session(engine) as s:  # a row damaged behind the validation's back
        s.execute(update(Offer).where(Offer.id == "test--o2").values(nom="x"))
        s.commit()
        bilan = exporter(s, tmp_path / "out", "json")
    assert bilan.ecrits["services"] == 1
    assert [e["id"] for e in bilan.ecartes] == ["test--o2"]
    assert "nom" in bilan.ecartes[0]["raison"]
    assert "écarté" in bilan.resume()


def test_only_published_offers_by_default(engine: Any, tmp_path: Path):
    charger(engine, ecrire_json(tmp_path / "s.json", {"structures": [structure(1)],
                                                      "services": [service(1), service(2)]}))
    with Session(engine) as s:
        s.execute(update(Offer).where(Offer.id == "test--o2").values(statut="brouillon"))
        s.commit()
        assert exporter(s, tmp_path / "a", "jsonl").ecrits["services"] == 1
        tous = exporter(s, tmp_path / "b", "jsonl", ("publiee", "brouillon"))
        assert tous.ecrits["services"] == 2
    assert not list((tmp_path / "a").glob("*.part")), "no half-written file left"


def test_the_whole_demo_catalogue_exports_valid(engine: Any, tmp_path: Path):
    from catalogue.demo.chargement import charger_demo

    rapport = charger_demo(engine)
    assert rapport.run["compteurs"].get("rejected", 0) == 0
    with Session(engine) as s:
        bilan = exporter(s, tmp_path / "demo", "json")
    assert not bilan.ecartes
    services = json.loads(lire(tmp_path / "demo", "json", "services"))
    structures = json.loads(lire(tmp_path / "demo", "json", "structures"))
    assert len(services) == rapport.run["compteurs"]["services"] >= 300
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})
