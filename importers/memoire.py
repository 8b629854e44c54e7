"""Records already in memory (the demo catalogue, an API payload): same loop, same report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from importers.base import SERVICE, STRUCTURE, Enregistrement, Importer


class ImporterEnMemoire(Importer):
    format = "memoire"
    description = "Enregistrements data·inclusion v1 fournis en mémoire"

    def __init__(self, nom: str, structures: list[dict[str, Any]],
                 services: list[dict[str, Any]], statut_initial: str | None = None) -> None:
        super().__init__([Path(nom)])
        self.nom = nom
        self.structures = structures
        self.services = services
        if statut_initial:
            self.statut_initial = statut_initial  # type: ignore[misc]

    @classmethod
    def reconnait(cls, chemin: Path) -> bool:
        return False

    def enregistrements(self) -> Iterator[Enregistrement]:
        for kind, records in ((STRUCTURE, self.structures), (SERVICE, self.services)):
            for numero, record in enumerate(records, start=1):
                yield Enregistrement(kind, f"{self.nom}, {kind}s n° {numero}", record)
