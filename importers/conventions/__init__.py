"""Convention action fiches (departmental documents, OCR or converted text) -> draft offers.

`parser.parse_document` reads the fiches as printed; `mapping.fiche_vers_enregistrements` turns one
fiche into data·inclusion v1 records. Both are pure: text in, dataclasses and dicts out.
"""

from importers.conventions.mapping import (
    document_vers_enregistrements,
    fiche_vers_enregistrements,
)
from importers.conventions.parser import Document, Fiche, SousAction, parse_document

__all__ = [
    "Document",
    "Fiche",
    "SousAction",
    "document_vers_enregistrements",
    "fiche_vers_enregistrements",
    "parse_document",
]
