"""Logical lines of a convention document: repaired text, each tied to its source line number.

A converted PDF sometimes glues a whole table or several paragraphs into one physical line
(seeds/004:2415 holds the end of one sub-action and all of the next). Such a line is cut into several
logical lines that keep the same number, so every field still points at the right source line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from importers.conventions import ocr

#: a physical line longer than this is a merged paragraph or table: worth cutting
LONGUEUR_FUSIONNEE = 300
#: where a merged line is cut: before `Action 2 : Accompagnement…` or before an `o Montant` bullet
COUPURE_EN_LIGNE = re.compile(r"(?<=\S)\s+(?=Action\s\d{1,2}\s?:\s*[A-ZÉ]|o\s(?=[A-ZÉ]))")
#: page furniture repeated in OCR'd annexes: running headers and bare page numbers
MOBILIER_DE_PAGE = re.compile(
    r"^\s*(?:ANNEXE 1 PLAN D.ACTIONS\W+FICHES ACTIONS|\d{1,3}|GOUVERNEMENT|Libert[ée]"
    r"|[EÉZ]galit[ée]|Fraternit[ée])\s*$"
)


@dataclass(frozen=True)
class Ligne:
    """A logical line: `no` is its 1-based line in the source file, `texte` the repaired text."""

    no: int
    texte: str

    @property
    def propre(self) -> str:
        """The text with tabs and runs of spaces collapsed to single spaces."""
        return " ".join(self.texte.split())

    @property
    def cellules(self) -> list[str]:
        """Tab-separated cells of a converted table row, each collapsed (empty cells kept)."""
        return [" ".join(c.split()) for c in self.texte.split("\t")]

    @property
    def vide(self) -> bool:
        return not self.texte.strip()


def _couper(no: int, texte: str) -> list[Ligne]:
    if len(texte) <= LONGUEUR_FUSIONNEE:
        return [Ligne(no, texte)]
    return [Ligne(no, morceau) for morceau in COUPURE_EN_LIGNE.split(texte) if morceau.strip()]


def lire(texte: str) -> list[Ligne]:
    """Repaired logical lines of a whole document (see `ocr.reparer_texte`)."""
    return [
        ligne
        for no, brute in enumerate(ocr.reparer_texte(texte), start=1)
        for ligne in _couper(no, brute)
    ]


def etendue(lignes: Sequence[Ligne]) -> tuple[int, int]:
    """First and last source line numbers of non-empty lines (0, 0 when there is none)."""
    pleines = [ligne.no for ligne in lignes if not ligne.vide]
    return (min(pleines), max(pleines)) if pleines else (0, 0)


def sans_mobilier(lignes: Iterable[Ligne]) -> list[Ligne]:
    """Lines without the running headers and page numbers of OCR'd pages."""
    return [ligne for ligne in lignes if not MOBILIER_DE_PAGE.match(ligne.propre)]


#: a line opening a list item: it starts a new line of the description
PUCE = re.compile(r"^(?:[-•–→⇒*○]|o\s|\d{1,2}[.)]\s)")
#: stacked bullet glyphs of converted lists ("- O Permettre", "- ⇒ Sécuriser", "o Montant"): one dash
PUCES_EMPILEES = re.compile(r"^(?:(?:[-•–→⇒*○]|[oO](?=\s))\s*)+(?=\S)")


def en_texte(lignes: Iterable[Ligne]) -> str:
    """Paragraphs: wrapped lines joined by spaces; blank lines and list items start a new line."""
    paragraphes: list[list[str]] = [[]]
    for ligne in sans_mobilier(lignes):
        if ligne.vide or PUCE.match(ligne.propre):
            paragraphes.append([])
        if not ligne.vide:
            paragraphes[-1].append(PUCES_EMPILEES.sub("- ", ligne.propre))
    return "\n".join(" ".join(p) for p in paragraphes if p).strip()


def en_une_ligne(lignes: Iterable[Ligne]) -> str:
    """All the words of some lines on one line."""
    return " ".join(ligne.propre for ligne in sans_mobilier(lignes) if not ligne.vide).strip()
