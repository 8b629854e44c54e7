"""A small catalogue for the API tests: published offers in Lens and remote, a draft, a suspended
offer, and a structure known only through its draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session

from catalogue.services import Auteur, changer_statut
from importers import importer_pour
from importers.base import importer
from tests.fabriques import ecrire_json, service, structure

PERMIS = "mobilite--preparer-un-permis"
CV = "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"


def charger_catalogue(engine: Any, tmp_path: Path) -> None:
    structures = [
        structure(1, commune="Lens", code_postal="62300", code_insee="62498",
                  reseaux_porteurs=["mission-locale"]),
        structure(2, commune="Rennes", code_postal="35000", code_insee="35238"),
    ]
    services = [
        service(1, nom="Préparer le code de la route", thematiques=[PERMIS], publics=["jeunes"],
                commune="Lens", code_postal="62300", code_insee="62498", latitude=50.4322,
                longitude=2.8319, frais="gratuit", type="atelier", courriel="atelier@exemple.org",
                horaires_accueil="Tu,Th 09:00-12:00"),
        service(2, nom="Écrire son CV à distance", thematiques=[CV], modes_accueil=["a-distance"],
                zone_eligibilite=["france"], frais="payant", volume_horaire_hebdomadaire=None),
        service(3, nom="Brouillon à relire", thematiques=[PERMIS], structure_n=2,
                commune="Rennes", code_insee="35238", zone_eligibilite=["35"]),
        service(4, nom="Atelier suspendu", thematiques=[PERMIS], commune="Lens",
                code_insee="62498"),
    ]
    chemin = ecrire_json(tmp_path / "catalogue.json", {"structures": structures,
                                                       "services": services})
    rapport = importer(importer_pour([chemin]), engine)
    assert rapport.run["statut"] == "done", rapport.as_dict()
    with Session(engine) as session:
        changer_statut(session, "test--o3", "brouillon", None, Auteur())
        changer_statut(session, "test--o4", "suspendue", None, Auteur())
        session.commit()
