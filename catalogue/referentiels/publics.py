"""Publics as the convention forms print them, mapped onto the 14 data·inclusion v1 publics.

Source of the labels: the "Public — Choix multiples / Si OUI :" checkboxes and the "Cible QPV" /
"Cible zone rurale" rows of the Convention pour l'insertion et l'emploi 2025-2027
(shared/seeds/004, e.g. lines 4184-4227). Mapping rules from DOMAIN.md ("Publics").

A label with no exact v1 equivalent maps to the closest public(s) *and* keeps its wording for
`publics_precisions`, so nothing is silently dropped (`precision` below).
"""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.referentiels import vocabulaires
from catalogue.texte import cle_compacte


@dataclass(frozen=True)
class PublicConvention:
    label: str
    publics: tuple[str, ...]
    #: text kept in `publics_precisions` when the v1 publics say less than the label
    precision: str | None = None


PUBLICS_CONVENTION: tuple[PublicConvention, ...] = (
    PublicConvention("BRSA", ("beneficiaires-des-minimas-sociaux",), "Bénéficiaires du RSA"),
    PublicConvention(
        "Primo-entrants",
        ("beneficiaires-des-minimas-sociaux",),
        "Primo-entrants au RSA",
    ),
    PublicConvention("Travailleurs indépendants", ("actifs",), "Travailleurs indépendants"),
    PublicConvention("Familles monoparentales", ("familles",), "Familles monoparentales"),
    PublicConvention("Gens du voyage", (), "Gens du voyage"),
    PublicConvention("Jeunes (-25ans)", ("jeunes",), "Jeunes de moins de 25 ans"),
    PublicConvention("Séniors", ("seniors",)),
    PublicConvention(
        "Personnes en situation de handicap", ("personnes-en-situation-de-handicap",)
    ),
    PublicConvention(
        "Public précaire / en rupture",
        ("personnes-en-situation-durgence",),
        "Public précaire / en rupture",
    ),
    PublicConvention(
        "Femmes éloignées de l'emploi", ("femmes",), "Femmes éloignées de l'emploi"
    ),
    PublicConvention(
        "Sortants de prison",
        ("personnes-en-situation-juridique-specifique",),
        "Sortants de prison",
    ),
    PublicConvention("Cible QPV", ("residents-qpv-frr",), "Résidents des quartiers prioritaires"),
    PublicConvention(
        "Cible zone rurale", ("residents-qpv-frr",), "Résidents en zone rurale (FRR)"
    ),
)




_PAR_CLE = {cle_compacte(p.label): p for p in PUBLICS_CONVENTION}


def public_convention(label: str) -> PublicConvention | None:
    """The table row for a convention label (accents, case and punctuation ignored)."""
    return _PAR_CLE.get(cle_compacte(label))


def _verifier() -> None:
    connus = vocabulaires.valeurs("publics")
    for p in PUBLICS_CONVENTION:
        inconnus = set(p.publics) - connus
        if inconnus:
            raise ValueError(f"{p.label}: publics inconnus du schéma {sorted(inconnus)}")
        if not p.publics and not p.precision:
            raise ValueError(f"{p.label}: ni public ni précision, le libellé serait perdu")


_verifier()
