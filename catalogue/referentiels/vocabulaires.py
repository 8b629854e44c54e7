"""data·inclusion v1 vocabularies, taken from the `data-inclusion-schema` package.

The package owns these lists; this module only exposes them as plain values and labels so the rest of the
code (forms, facets, validation) never retypes a slug.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from data_inclusion.schema import v1


@dataclass(frozen=True)
class Terme:
    value: str
    label: str
    description: str | None = None


def _termes(enumeration: type[enum.Enum]) -> tuple[Terme, ...]:
    return tuple(
        Terme(str(e.value), getattr(e, "label", str(e.value)), getattr(e, "description", None))
        for e in enumeration
    )


THEMATIQUES = _termes(v1.Thematique)
CATEGORIES = _termes(v1.Categorie)
PUBLICS = _termes(v1.Public)
TYPES = _termes(v1.TypeService)
FRAIS = _termes(v1.Frais)
MODES_ACCUEIL = _termes(v1.ModeAccueil)
MODES_MOBILISATION = _termes(v1.ModeMobilisation)
PERSONNES_MOBILISATRICES = _termes(v1.PersonneMobilisatrice)
RESEAUX_PORTEURS = _termes(v1.ReseauPorteur)

TOUS_PUBLICS = v1.Public.TOUS_PUBLICS.value
A_DISTANCE = v1.ModeAccueil.A_DISTANCE.value
EN_PRESENTIEL = v1.ModeAccueil.EN_PRESENTIEL.value

#: Every vocabulary by the name of the v1 field it constrains.
PAR_CHAMP: dict[str, tuple[Terme, ...]] = {
    "thematiques": THEMATIQUES,
    "publics": PUBLICS,
    "type": TYPES,
    "frais": FRAIS,
    "modes_accueil": MODES_ACCUEIL,
    "modes_mobilisation": MODES_MOBILISATION,
    "mobilisable_par": PERSONNES_MOBILISATRICES,
    "reseaux_porteurs": RESEAUX_PORTEURS,
}


@cache
def valeurs(champ: str) -> frozenset[str]:
    """The valid slugs of the vocabulary behind a v1 field."""
    return frozenset(t.value for t in PAR_CHAMP[champ])


@cache
def libelles(champ: str) -> dict[str, str]:
    """slug -> French label for the vocabulary behind a v1 field (or the catégories)."""
    termes = CATEGORIES if champ == "categories" else PAR_CHAMP[champ]
    return {t.value: t.label for t in termes}


def categorie_de(thematique: str) -> str:
    """The catégorie of a thématique slug (`mobilite--preparer-un-permis` -> `mobilite`)."""
    return thematique.split("--", 1)[0]


def thematiques_de(categorie: str) -> tuple[str, ...]:
    return tuple(t.value for t in THEMATIQUES if categorie_de(t.value) == categorie)
