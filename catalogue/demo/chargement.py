"""Loads the fictional demo catalogue through the same importer loop as real files."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from catalogue.demo.generateur import generer_catalogue
from importers.base import Rapport, importer
from importers.memoire import ImporterEnMemoire


def charger_demo(engine: Engine) -> Rapport:
    catalogue = generer_catalogue()
    importeur = ImporterEnMemoire("catalogue-demo", catalogue["structures"],
                                  catalogue["services"])
    return importer(importeur, engine, taille_lot=500)
