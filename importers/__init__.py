"""Importers: one module per source format, all built on `importers.base`.

`FORMATS` lists them by name; `detecter` picks one from a file's content when `--format` is absent.
"""

from __future__ import annotations

from pathlib import Path

from importers.base import Importer, ImportRefuse
from importers.datainclusion import ImporterDataInclusionV1

FORMATS: dict[str, type[Importer]] = {
    ImporterDataInclusionV1.format: ImporterDataInclusionV1,
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
