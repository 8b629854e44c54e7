"""Templates of the fictional demo catalogue: kinds of structures, the offers they run, where.

The texts live in data files that people who write French offers edit without touching code
(`catalogue/demo/data/`): `porteurs/NN-<kind>.json` (one kind of structure and its offers each),
`mobilisations.json` (how each offer is reached), `communes.json` (the communes used and their
approximate centres) and `implantations.json` (which structures stand where, by département).
Field names are those of the dataclasses below; a field left out takes its default; an unknown
field is refused with the file and the place. `verifier()` checks every slug at import.

Every kind of offer below is modelled on an action funded in the seed documents
(shared/seeds): the Pas-de-Calais délibération of 22/09/2025 (004: Mamobilité62, auto-écoles
sociales, garages solidaires and transports d'utilité sociale in FA 2.9 / action 4.2; crèches for
families without childcare in FA 2.8; remobilisation "pouvoir d'agir" in FA 2.7; pack santé in
FA 2.10; médiation vers l'emploi in FA 2.4-2.6; accès aux droits, logement, budget in the CLS),
the Ille-et-Vilaine convention 2024 (001: création d'activité, premières heures en chantier,
reprise d'emploi, préqualification aux métiers du social et du grand âge, santé mentale et
emploi, parentalité, UFOPEPS 100 % féminin) and the Lozère documents (000, 003: accès aux
droits, santé, valorisation des compétences, accès à l'emploi et à la formation, création
d'activité, participation des personnes).

Nothing here names a real organisation: structure names are generic ("Plateforme mobilité de
Lens (démo)"), and the generator adds the commune name it reads from the COG at run time.
Placeholders usable in texts: `{commune}`, `{a_commune}` ("à Lens"), `{de_commune}`
("d'Arras"), `{structure}`.

Slugs are data·inclusion v1 values; `verifier()` checks them against the schema package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

from catalogue.referentiels import vocabulaires

Accueil = Literal["presentiel", "distance", "mixte"]
Portee = Literal["commune", "epci", "departement", "france"]
T = TypeVar("T")


@dataclass(frozen=True)
class Rythme:
    """Weekly hours and number of weeks, DORA's convention (a 3 h workshop = 3 h for 1 week)."""

    volume: float
    semaines: int


@dataclass(frozen=True)
class Mobilisation:
    modes: tuple[str, ...]
    par: tuple[str, ...]
    #: wording variants for `mobilisation_precisions`
    precisions: tuple[str, ...]


@dataclass(frozen=True)
class Offre:
    """One kind of service. The generator picks among the variants with a seeded RNG."""

    cle: str
    noms: tuple[str, ...]
    type: str
    thematiques: tuple[str, ...]
    descriptions: tuple[str, ...]
    #: empty: no weekly hours (aides, permanences): the product must show them as missing
    rythmes: tuple[Rythme, ...] = ()
    #: fixed opening hours (OSM syntax); when empty and `rythmes` is set, derived from the hours
    horaires: tuple[str, ...] = ()
    publics: tuple[tuple[str, ...], ...] = (("tous-publics",),)
    publics_precisions: str | None = None
    #: `frais_precisions` when the service is payant; None means gratuit
    payant: str | None = None
    accueil: Accueil = "presentiel"
    mobilisation: str = "prescription"
    conditions_acces: str | None = None
    portee: Portee = "epci"
    #: one service per commune where the structure is present (permanences)
    par_antenne: bool = False


@dataclass(frozen=True)
class Porteur:
    """A kind of structure; each `Implantation` makes one structure of this kind."""

    cle: str
    #: name patterns with `{de_commune}`; the n-th structure of a kind in a département takes
    #: the n-th pattern, so two structures of the same kind have different names
    noms: tuple[str, ...]
    descriptions: tuple[str, ...]
    horaires: tuple[str, ...]
    offres: tuple[Offre, ...]
    reseaux: tuple[str, ...] = ()


@dataclass(frozen=True)
class Implantation:
    porteur: str
    commune: str
    #: other communes of the same département where the structure holds offers
    antennes: tuple[str, ...] = ()


DONNEES = Path(__file__).resolve().parent / "data"


class ModeleInvalide(ValueError):
    """A demo data file is wrong; the message names the file and the field."""


def _construire(classe: type[T], valeurs: Any, ou: str) -> T:
    """A dataclass from a JSON object: lists become tuples (nested records too); an unknown or
    missing field is refused, naming where."""
    if not isinstance(valeurs, dict):
        raise ModeleInvalide(f"{ou} : objet attendu, pas {type(valeurs).__name__}")
    champs = {f.name: f for f in fields(classe)}  # type: ignore[arg-type]
    inconnus = sorted(set(valeurs) - set(champs))
    if inconnus:
        raise ModeleInvalide(f"{ou} : champ inconnu « {inconnus[0]} » (champs possibles : "
                             f"{', '.join(champs)})")
    arguments: dict[str, Any] = {}
    for nom, valeur in valeurs.items():
        if nom == "rythmes":
            valeur = tuple(Rythme(float(r["volume"]), int(r["semaines"])) for r in valeur)
        elif nom == "offres":
            valeur = tuple(_construire(Offre, o, f"{ou}, offre n° {i}") for i, o in enumerate(valeur, 1))
        elif isinstance(valeur, list):
            valeur = tuple(tuple(v) if isinstance(v, list) else v for v in valeur)
        arguments[nom] = valeur
    try:
        return classe(**arguments)
    except TypeError as exc:
        raise ModeleInvalide(f"{ou} : {exc}") from None


def _lire(nom: str) -> Any:
    chemin = DONNEES / nom
    try:
        return json.loads(chemin.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModeleInvalide(f"{chemin.name}, ligne {exc.lineno} : JSON invalide ({exc.msg})") from None


def charger_mobilisations() -> dict[str, Mobilisation]:
    return {cle: _construire(Mobilisation, v, f"mobilisations.json, « {cle} »")
            for cle, v in _lire("mobilisations.json").items()}


def charger_porteurs() -> dict[str, Porteur]:
    """One file per kind of structure in data/porteurs/, in the order of their names."""
    porteurs = (_construire(Porteur, _lire(f"porteurs/{chemin.name}"), f"porteurs/{chemin.name}")
                for chemin in sorted((DONNEES / "porteurs").glob("*.json")))
    return {p.cle: p for p in porteurs}


def charger_centres() -> dict[str, tuple[float, float]]:
    return {code: (float(c["latitude"]), float(c["longitude"]))
            for code, c in _lire("communes.json").items()}


def charger_implantations() -> dict[str, tuple[Implantation, ...]]:
    return {dep: tuple(_construire(Implantation, i, f"implantations.json, {dep} n° {n}")
                       for n, i in enumerate(liste, 1))
            for dep, liste in _lire("implantations.json").items()}


MOBILISATIONS: dict[str, Mobilisation] = charger_mobilisations()
PORTEURS: dict[str, Porteur] = charger_porteurs()
#: approximate centre (latitude, longitude) of the chosen communes, rounded by hand from public
#: maps; precise enough for a 50 km search radius, not for routing
CENTRES: dict[str, tuple[float, float]] = charger_centres()
IMPLANTATIONS: dict[str, tuple[Implantation, ...]] = charger_implantations()


def verifier() -> None:
    """Fail loudly when a slug is unknown to the schema package or a table is inconsistent."""
    connus = {champ: vocabulaires.valeurs(champ) for champ in vocabulaires.PAR_CHAMP}
    for porteur in PORTEURS.values():
        _verifier_slugs(porteur.cle, "reseaux_porteurs", porteur.reseaux, connus)
        for offre in porteur.offres:
            _verifier_offre(offre, connus)
    for departement, implantations in IMPLANTATIONS.items():
        for implantation in implantations:
            for code in (implantation.commune, *implantation.antennes):
                if code not in CENTRES or not code.startswith(departement):
                    raise ValueError(f"{implantation}: {code} hors de CENTRES ou de {departement}")
            if implantation.porteur not in PORTEURS:
                raise ValueError(f"{implantation}: porteur inconnu")


def _verifier_offre(offre: Offre, connus: dict[str, frozenset[str]]) -> None:
    _verifier_slugs(offre.cle, "type", (offre.type,), connus)
    _verifier_slugs(offre.cle, "thematiques", offre.thematiques, connus)
    for publics in offre.publics:
        _verifier_slugs(offre.cle, "publics", publics, connus)
        if "tous-publics" in publics and len(publics) > 1:
            raise ValueError(f"{offre.cle}: tous-publics doit être seul")
    mobilisation = MOBILISATIONS[offre.mobilisation]
    _verifier_slugs(offre.cle, "modes_mobilisation", mobilisation.modes, connus)
    _verifier_slugs(offre.cle, "mobilisable_par", mobilisation.par, connus)
    if not 1 <= len(offre.thematiques) <= 3:
        raise ValueError(f"{offre.cle}: 1 à 3 thématiques attendues")


def _verifier_slugs(
    ou: str, champ: str, slugs: tuple[str, ...], connus: dict[str, frozenset[str]]
) -> None:
    inconnus = set(slugs) - connus[champ]
    if inconnus:
        raise ValueError(f"{ou}: {champ} inconnus du schéma {sorted(inconnus)}")


verifier()
