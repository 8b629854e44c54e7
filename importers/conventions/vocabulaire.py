"""The fixed choices printed on the convention fiche forms, and how option text is matched to them.

Source: the fiche grid of the Convention pour l'insertion et l'emploi 2025-2027
(shared/seeds/004:2128-2171, repeated in each fiche 2.1-2.13): état of the action, "Thématique —
choix unique", "Quels freins — choix multiples" (the freins themselves live in
`catalogue.referentiels.freins`), "Public — choix multiples" (`catalogue.referentiels.publics`),
"Cible QPV" and "Cible zone rurale".

OCR and conversion garble some options (`Polotion / mobilization dos entroprisos`), so matching is on
a compact key (accents, case, spaces and punctuation ignored) with a small tolerance.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from catalogue.referentiels.freins import FREINS
from catalogue.referentiels.publics import PUBLICS_CONVENTION
from catalogue.texte import cle_compacte, normaliser

#: "Action nouvelle / existante mais renforcée / existante et poursuivie" (seeds/004:2128-2130)
ETATS: tuple[str, ...] = (
    "Action nouvelle",
    "Action existante mais renforcée",
    "Action existante et poursuivie à l'identique",
)

#: "Thématique — choix unique" (seeds/004:2131-2139); "Autres :" is handled as free text
THEMATIQUES_CONVENTION: tuple[str, ...] = (
    "Relation / mobilisation des entreprises",
    "Prévention de l'entrée au RSA et des DE",
    "Repérage des non recourants",
    "Remobilisation",
    "Orientation/ entrée en parcours",
    "Renforcement de l'accompagnement",
    "Levée des freins socio-professionnels",
    "Référencement numérique de l'offre",
)

#: "Cible QPV" / "Cible zone rurale" options (seeds/004:2166-2171) -> value kept on the fiche
CIBLES: dict[str, str] = {
    "Oui exclusivement": "exclusivement",
    "Oui partiellement": "partiellement",
    "Non": "non",
}

#: publics offered as checkboxes (the two "Cible …" rows are grid rows of their own)
PUBLICS_A_COCHER: tuple[str, ...] = tuple(
    p.label for p in PUBLICS_CONVENTION if not p.label.startswith("Cible ")
)

#: how close a garbled option must be to a label (difflib ratio on compact keys)
TOLERANCE = 0.86


def _proche(cle: str, libelle: str) -> bool:
    cible = cle_compacte(libelle)
    if cle == cible:
        return True
    return len(cle) >= 6 and SequenceMatcher(None, cle, cible).ratio() >= TOLERANCE


def choix(texte: str, libelles: tuple[str, ...]) -> str | None:
    """The label an option text stands for, if any (exact compact key first, then close)."""
    cle = cle_compacte(texte)
    if not cle:
        return None
    exact = next((lib for lib in libelles if cle_compacte(lib) == cle), None)
    return exact or next((lib for lib in libelles if _proche(cle, lib)), None)


def frein(texte: str) -> str | None:
    """The slug of the frein an option text names (`Parentalité (garde d'enfants)` -> parentalite)."""
    cle = cle_compacte(texte)
    if not cle:
        return None
    for f in FREINS:
        if any(cle_compacte(lib) == cle for lib in f.libelles_convention):
            return f.slug
    return next((f.slug for f in FREINS if _proche(cle, f.libelles_convention[0])), None)


def freins_cites(texte: str) -> list[str]:
    """Slugs of every frein whose wording appears in a text (grids printed without boxes)."""
    mots = f" {normaliser(texte)} "
    return [
        f.slug
        for f in FREINS
        if any(f" {normaliser(lib)} " in mots for lib in f.libelles_convention)
    ]


def libelles_cites(texte: str, libelles: tuple[str, ...]) -> list[str]:
    """Labels whose wording appears in a text, in the order of `libelles`."""
    mots = f" {normaliser(texte)} "
    return [lib for lib in libelles if f" {normaliser(lib)} " in mots]
