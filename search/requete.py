"""What a search asks (`Requete`) and what it answers (`Resultat`, `Hit`).

A `Requete` checks itself when it is built: an unknown slug, an unknown commune, a page or a page
size out of range raise `RequeteInvalide`, a `ValueError` whose French message names the parameter
(`parametre` holds its name for an API error body). The only check left to the search is a page
past the last one, which needs the total.

The text `q` is never Whoosh query syntax: it is cut into words (`analyse.mots_bruts`), so quotes,
`AND`, `-`, `*`, parentheses are plain characters and cannot raise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires
from search.documents import PUBLIEE, STATUTS

PAR_PAGE_MAX = 100
LONGUEUR_Q_MAX = 500
#: data·inclusion's radius: an on-site offer farther than this from the person is not shown
RAYON_KM_DEFAUT = 50.0
RAYON_KM_MAX = 1000.0

#: the facets of `Resultat.facets`, in display order
FACETTES = (
    "freins",
    "categories",
    "thematiques",
    "publics",
    "types",
    "frais",
    "modes_accueil",
    "heures",
)

#: why an offer's zone takes in the commune, most specific first (`Hit.eligibilite`); the zone
#: applies to remote offers too (being remote only waives the radius)
ELIGIBILITES = ("commune", "epci", "departement", "france", "partout")

#: how near the offer takes place, nearest first (`Hit.proximite`)
PROXIMITES = ("commune", "epci", "departement", "a-distance", "ailleurs")


class RequeteInvalide(ValueError):
    """A search parameter is wrong; the message is French and names the parameter."""

    def __init__(self, parametre: str, message: str) -> None:
        super().__init__(f"{parametre} : {message}")
        self.parametre = parametre


def _vocabulaire(nom: str) -> frozenset[str]:
    if nom == "freins":
        return frozenset(ref_freins.PAR_SLUG)
    if nom == "categories":
        return frozenset(t.value for t in vocabulaires.CATEGORIES)
    champ = {"types": "type", "modes_accueil": "modes_accueil"}.get(nom, nom)
    return vocabulaires.valeurs(champ)


_LISTES = ("freins", "categories", "thematiques", "publics", "types", "frais", "modes_accueil")
#: list parameters whose values are not from a vocabulary (checked separately)
_AUTRES_LISTES = ("sources", "localisation_communes", "localisation_departements",
                  "localisation_regions")


@dataclass(frozen=True)
class Requete:
    """A search. `commune` (INSEE code) is what a référent always gives; None searches every
    offer whatever its zone (animateurs). Lists are ORed within a parameter, parameters ANDed."""

    commune: str | None
    q: str = ""
    freins: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    heures_min: float | None = None
    heures_max: float | None = None
    heures_connues: bool | None = None
    structure_id: str | None = None
    page: int = 1
    par_page: int = 20
    #: extension: which statuts to show (référents: published only; animateurs may ask for more)
    statuts: tuple[str, ...] = (PUBLIEE,)
    #: (latitude, longitude) of the person (an address); default: the centre of `commune`
    origine: tuple[float, float] | None = field(default=None)
    #: on-site offers farther than this from the person are left out (remote ones are kept);
    #: None: no radius (every offer of the zone)
    rayon_km: float | None = RAYON_KM_DEFAUT
    #: data·inclusion filters: minimum quality score (0 to 1), producers (`source`)
    score_qualite_minimum: float | None = None
    sources: tuple[str, ...] = ()
    #: where the offer itself takes place (listing filters): INSEE codes of communes,
    #: départements, régions
    localisation_communes: tuple[str, ...] = ()
    localisation_departements: tuple[str, ...] = ()
    localisation_regions: tuple[str, ...] = ()
    #: keep one offer per duplicate cluster (`documents.Document.groupe_doublons`), the best
    exclure_doublons: bool = False

    def __post_init__(self) -> None:
        for nom in (*_LISTES, *_AUTRES_LISTES, "statuts"):
            valeurs = getattr(self, nom)
            if isinstance(valeurs, str):
                valeurs = (valeurs,)
            object.__setattr__(self, nom, tuple(dict.fromkeys(valeurs or ())))
        object.__setattr__(self, "q", (self.q or "").strip())
        _verifier(self)


def _verifier(r: Requete) -> None:
    if r.commune is not None and territoires.commune(r.commune) is None:
        raise RequeteInvalide("commune", f"code INSEE inconnu « {r.commune} »")
    for nom in _LISTES:
        inconnues = [v for v in getattr(r, nom) if v not in _vocabulaire(nom)]
        if inconnues:
            raise RequeteInvalide(nom, f"valeur inconnue « {inconnues[0]} »")
    inconnus = [s for s in r.statuts if s not in STATUTS]
    if inconnus or not r.statuts:
        raise RequeteInvalide("statuts", f"valeur inconnue « {(inconnus or [''])[0]} »")
    if len(r.q) > LONGUEUR_Q_MAX:
        raise RequeteInvalide("q", f"texte trop long (plus de {LONGUEUR_Q_MAX} caractères)")
    _verifier_heures(r)
    _verifier_pagination(r)
    _verifier_lieu(r)
    if r.score_qualite_minimum is not None and not (
        _est_nombre(r.score_qualite_minimum) and 0 <= r.score_qualite_minimum <= 1
    ):
        raise RequeteInvalide("score_qualite_minimum", "nombre entre 0 et 1 attendu")


def _verifier_lieu(r: Requete) -> None:
    if r.origine is not None and not _coordonnees_valides(r.origine):
        raise RequeteInvalide("origine", "latitude et longitude attendues")
    if r.rayon_km is not None and not (
        _est_nombre(r.rayon_km) and 0 < r.rayon_km <= RAYON_KM_MAX
    ):
        raise RequeteInvalide("rayon_km", f"nombre de kilomètres entre 0 et {RAYON_KM_MAX:g} attendu")
    connus = (
        ("localisation_communes", territoires.commune),
        ("localisation_departements", territoires.departement),
        ("localisation_regions", territoires.region),
    )
    for nom, trouver in connus:
        inconnus = [c for c in getattr(r, nom) if trouver(c) is None]
        if inconnus:
            raise RequeteInvalide(nom, f"code inconnu « {inconnus[0][:20]} »")


def _verifier_heures(r: Requete) -> None:
    for nom in ("heures_min", "heures_max"):
        valeur = getattr(r, nom)
        if valeur is not None and (not _est_nombre(valeur) or valeur < 0):
            raise RequeteInvalide(nom, "nombre d'heures positif attendu")
    if r.heures_min is not None and r.heures_max is not None and r.heures_min > r.heures_max:
        raise RequeteInvalide("heures_min", "plus grand que heures_max")
    if r.heures_connues not in (None, True, False):
        raise RequeteInvalide("heures_connues", "oui, non ou vide attendu")


def _verifier_pagination(r: Requete) -> None:
    if not isinstance(r.page, int) or isinstance(r.page, bool) or r.page < 1:
        raise RequeteInvalide("page", "entier à partir de 1 attendu")
    if not isinstance(r.par_page, int) or not 1 <= r.par_page <= PAR_PAGE_MAX:
        raise RequeteInvalide("par_page", f"entre 1 et {PAR_PAGE_MAX}")


def _est_nombre(valeur: Any) -> bool:
    return isinstance(valeur, int | float) and not isinstance(valeur, bool) and math.isfinite(
        valeur
    )


def _coordonnees_valides(origine: Any) -> bool:
    try:
        lat, lon = origine
    except (TypeError, ValueError):
        return False
    return _est_nombre(lat) and _est_nombre(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


@dataclass(frozen=True)
class Hit:
    id: str
    #: text relevance (BM25); 0.0 when the query has no text
    score: float
    #: why the offer serves the commune (`ELIGIBILITES`); None when no commune was given
    eligibilite: str | None
    #: km between the person and an on-site offer within the radius (from the centre of the
    #: offer's commune when it has no coordinates: `distance_estimee`); None for an offer kept
    #: only because it can be followed remotely, or when a position is unknown
    distance_km: float | None
    #: extension: how near the offer takes place (`PROXIMITES`); None without a commune
    proximite: str | None = None
    #: the offer has no coordinates: its distance is from the centre of its commune
    distance_estimee: bool = False


@dataclass(frozen=True)
class Resultat:
    total: int
    hits: list[Hit]
    #: facet -> value -> count (every value of the vocabulary, zeros included); see `moteur`
    facets: dict[str, dict[str, int]]
    #: corrected queries ("Essayez : …") when a word of `q` matches no offer
    suggestions: list[str]
    requete: Requete

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.requete.par_page))
