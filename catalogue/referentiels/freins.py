"""Freins (barriers) as référents name them, mapped onto data·inclusion v1 thématiques.

Source of the labels: the "Quels freins — choix multiples" grid of the Convention pour l'insertion et
l'emploi 2025-2027 form (shared/seeds/004, lines 2140-2150, repeated in every fiche), plus
"Non-maitrise de la langue" from its financing plan (seeds/004, lines 4358-4379). The mapping onto
thématiques follows DOMAIN.md ("Freins"). Employment-side needs (choisir un métier, se former…) are
*besoins*, not freins: they are searched through the catégories themselves.

A frein covers whole catégories (every thématique under them) and/or single thématiques. Slugs are
checked against the schema package at import time, so a renamed thématique breaks loudly in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from catalogue.referentiels import vocabulaires


@dataclass(frozen=True)
class Frein:
    slug: str
    label: str
    #: the wording printed on convention forms (what the fiche importer matches)
    libelles_convention: tuple[str, ...]
    categories: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()

    def toutes_thematiques(self) -> frozenset[str]:
        """Every thématique slug that lifts this frein."""
        liees = {t for c in self.categories for t in vocabulaires.thematiques_de(c)}
        return frozenset(liees | set(self.thematiques))


FREINS: tuple[Frein, ...] = (
    Frein("mobilite", "Mobilité", ("Mobilité",), categories=("mobilite",)),
    Frein(
        "parentalite",
        "Parentalité (garde d'enfants)",
        ("Parentalité (garde d'enfants)", "Parentalité", "Garde d'enfants"),
        thematiques=(
            "famille--garde-denfants",
            "famille--soutien-a-la-parentalite-et-a-leducation",
        ),
    ),
    Frein("sante", "Santé", ("Santé",), categories=("sante",)),
    Frein(
        "acces-aux-droits",
        "Accès aux droits",
        ("Accès aux droits",),
        categories=("difficultes-administratives-ou-juridiques",),
    ),
    Frein(
        "logement",
        "Logement / hébergement",
        ("Logement / hébergement", "Logement/hébergement", "Logement"),
        categories=("logement-hebergement",),
    ),
    Frein(
        "difficultes-financieres",
        "Difficultés financières",
        ("Difficultés financières",),
        categories=("difficultes-financieres",),
        thematiques=("equipement-et-alimentation--alimentation",),
    ),
    Frein(
        "numerique",
        "Illectronisme / numérique",
        ("Illectronisme / numérique", "Illectronisme/Numérique", "Illectronisme", "Numérique"),
        categories=("numerique",),
    ),
    Frein(
        "savoirs-de-base",
        "Savoirs de base",
        ("Savoirs de base",),
        categories=("lecture-ecriture-calcul",),
    ),
    Frein(
        "langue",
        "Non-maîtrise de la langue",
        ("Non-maitrise de la langue", "Non-maîtrise de la langue", "FLE"),
        thematiques=("lecture-ecriture-calcul--maitriser-le-francais",),
    ),
    Frein(
        "isolement-social",
        "Isolement social",
        ("Isolement social",),
        thematiques=("remobilisation--lien-social",),
    ),
    Frein(
        "autonomie",
        "Autonomie",
        ("Autonomie",),
        thematiques=(
            "remobilisation--bien-etre-confiance-en-soi",
            "remobilisation--activites-sportives-et-culturelles",
            "remobilisation--benevolat-action-citoyenne",
            "difficultes-financieres--acquerir-une-autonomie-budgetaire",
            "famille--prise-en-charge-personne-dependante",
        ),
    ),
)
"""The "Autre" box of the form has no thématique: a fiche that ticks it keeps the text in its description."""

PAR_SLUG: dict[str, Frein] = {f.slug: f for f in FREINS}


def frein(slug: str) -> Frein:
    try:
        return PAR_SLUG[slug]
    except KeyError:
        raise KeyError(f"Frein inconnu : « {slug} »") from None


@cache
def freins_de_thematique(thematique: str) -> frozenset[str]:
    """Slugs of the freins a thématique lifts (empty for employment-side besoins)."""
    return frozenset(f.slug for f in FREINS if thematique in f.toutes_thematiques())


def freins_leves(thematiques: list[str] | set[str] | None) -> set[str]:
    """Freins lifted by an offer with these thématiques."""
    leves: set[str] = set()
    for t in thematiques or ():
        leves |= freins_de_thematique(t)
    return leves


def _verifier() -> None:
    categories = {c.value for c in vocabulaires.CATEGORIES}
    thematiques = vocabulaires.valeurs("thematiques")
    for f in FREINS:
        inconnues = (set(f.categories) - categories) | (set(f.thematiques) - thematiques)
        if inconnues:
            raise ValueError(f"Frein {f.slug}: slugs inconnus du schéma {sorted(inconnues)}")


_verifier()
