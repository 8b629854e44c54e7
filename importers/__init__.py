"""Importers: one module per source format, all built on `importers.base`.

`FORMATS` lists them by name. Without `--format`, the first format (in this order) that recognises every
file wins: producer spreadsheets (XLSX, or CSV whose first column is `__ignore__`), legacy v0 JSON
(v0 field names), convention texts (.txt/.md with fiche markers), then data·inclusion v1.
"""

from __future__ import annotations

from pathlib import Path

from importers.base import Importer, ImportRefuse
from importers.convention import ImporterConvention
from importers.datainclusion import ImporterDataInclusionV1
from importers.tableur import ImporterTableur
from importers.v0 import ImporterV0

#: in detection order: the most specific first, the v1 importer last
FORMATS: dict[str, type[Importer]] = {
    classe.format: classe
    for classe in (ImporterTableur, ImporterV0, ImporterConvention, ImporterDataInclusionV1)
}


def importer_pour(chemins: list[Path], format: str | None = None) -> Importer:
    """The importer for these files: the named format, or the first that recognises them."""
    if format is not None:
        if format not in FORMATS:
            connus = ", ".join(sorted(FORMATS))
            raise ImportRefuse(f"Format « {format} » inconnu. Formats disponibles : {connus}.")
        return FORMATS[format](chemins)
    for classe in FORMATS.values():
        if all(classe.reconnait(chemin) for chemin in chemins):
            return classe(chemins)
    noms = ", ".join(c.name for c in chemins)
    raise ImportRefuse(f"Format non reconnu pour {noms} : précisez --format "
                       f"({', '.join(sorted(FORMATS))}).")
