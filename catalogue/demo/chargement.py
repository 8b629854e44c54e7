"""Loads the fictional demo catalogue through the same importer loop as real files.

The demo is a trusted source: its offers are published at once (searches and their tests rely on
it), never queued for review."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from catalogue.demo.generateur import generer_catalogue
from catalogue.models import Statut
from importers.base import Rapport, importer
from importers.memoire import ImporterEnMemoire


def charger_demo(engine: Engine) -> Rapport:
    catalogue = generer_catalogue()
    importeur = ImporterEnMemoire("catalogue-demo", catalogue["structures"],
                                  catalogue["services"], statut_initial=Statut.PUBLIEE.value)
    return importer(importeur, engine, taille_lot=500)
