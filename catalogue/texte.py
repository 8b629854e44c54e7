"""Small text helpers shared by référentiels, importers and views."""

from __future__ import annotations

import unicodedata


def sans_accents(texte: str) -> str:
    """`Évreux-Île` -> `Evreux-Ile` (NFKD then drop combining marks; œ/æ expanded)."""
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c))


def normaliser(texte: str) -> str:
    """Search key: lower case, no accents, punctuation turned into single spaces."""
    lettres = "".join(c if c.isalnum() else " " for c in sans_accents(texte).lower())
    return " ".join(lettres.split())


def cle_compacte(texte: str) -> str:
    """Comparison key for labels typed by people: `Jeunes (-25 ans)` == `jeunes -25ans`."""
    return normaliser(texte).replace(" ", "")
