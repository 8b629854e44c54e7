"""Offers of a territory, with the search engine's eligibility rule.

The rule of `search.moteur` (and of data·inclusion; the radius itself is `search.portee`), for code
that looks at offers one by one:
`eligible(offre, englobantes)`, the zone — empty, or containing one of the commune's englobing
zones (`territoires.zones_englobantes`), remote offers included —, then `a_portee(…)`, the radius:
within `RAYON_KM_DEFAUT` of the commune's centre, or remote, or without any position but zoned on
the commune's surroundings. `tests/test_curation_couverture.py` checks both against the index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from sqlmodel import Session, col, select

from catalogue.models import Offer, OfferTag, Statut
from catalogue.referentiels import territoires, vocabulaires
from search import RAYON_KM_DEFAUT, portee

NATIONAUX = (territoires.FRANCE, territoires.CODE_PAYS_FRANCE)


@lru_cache(maxsize=64)
def codes_du_departement(dep: str) -> frozenset[str]:
    """Every zone code inside or overlapping a département: itself, its EPCI, its communes."""
    communes = {c.code for c in territoires.communes_du_departement(dep)}
    epcis = {e.code for e in territoires.epcis_du_departement(dep)}
    return frozenset({dep} | communes | epcis)


def _par_lots(valeurs: list[str], taille: int = 900) -> Iterable[list[str]]:
    for i in range(0, len(valeurs), taille):
        yield valeurs[i : i + taille]


def ids_du_territoire(s: Session, deps: Iterable[str], nationaux: bool = False) -> set[str]:
    """Ids of the offers that touch these départements (zone or place); with `nationaux`, also the
    offers every commune is eligible to (national zone, no zone, remote)."""
    codes = sorted(set().union(*(codes_du_departement(d) for d in deps)))
    ids: set[str] = set()
    for lot in _par_lots(codes):
        ids |= set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")
                          .where(col(OfferTag.valeur).in_(lot))))
        ids |= set(s.exec(select(Offer.id).where(col(Offer.code_insee).in_(lot))))
    if nationaux:
        ids |= _ids_nationaux(s)
    return ids


def _ids_nationaux(s: Session) -> set[str]:
    zones = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")))
    nationales = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "zone_eligibilite")
                            .where(col(OfferTag.valeur).in_(NATIONAUX))))
    distance = set(s.exec(select(OfferTag.offer_id).where(OfferTag.champ == "modes_accueil")
                          .where(OfferTag.valeur == vocabulaires.A_DISTANCE)))
    sans_zone = set(s.exec(select(Offer.id))) - zones
    return nationales | distance | sans_zone


def offres(s: Session, ids: Iterable[str], statuts: Iterable[str] = (Statut.PUBLIEE.value,)
           ) -> list[Offer]:
    trouvees: list[Offer] = []
    statuts = list(statuts)
    for lot in _par_lots(sorted(ids)):
        trouvees += s.exec(select(Offer).where(col(Offer.id).in_(lot))
                           .where(col(Offer.statut).in_(statuts))).all()
    return trouvees


def eligible(offre: Offer, englobantes: frozenset[str]) -> bool:
    """The zone rule for one offer and one commune (`englobantes` = its englobing zones): it
    applies to remote offers too."""
    zone = offre.zone_eligibilite
    return not zone or not englobantes.isdisjoint(zone)


@dataclass(frozen=True)
class Positions:
    """Where offers take place, as the search engine places them: their coordinates, else the
    centre of their commune (NaN when neither is known)."""

    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    a_distance: npt.NDArray[np.bool_]

    @classmethod
    def de(cls, offres: Sequence[Offer]) -> Positions:
        points = [_point(o) for o in offres]
        return cls(np.array([p[0] for p in points], dtype=np.float64),
                   np.array([p[1] for p in points], dtype=np.float64),
                   np.array([vocabulaires.A_DISTANCE in (o.modes_accueil or ()) for o in offres],
                            dtype=bool))


def _point(o: Offer) -> tuple[float, float]:
    if o.latitude is not None and o.longitude is not None:
        return o.latitude, o.longitude
    centre = territoires.centre(o.code_insee) if o.code_insee else None
    return centre if centre is not None else (math.nan, math.nan)


def a_portee(offres: Sequence[Offer], positions: Positions, commune: str,
             rayon_km: float = RAYON_KM_DEFAUT) -> npt.NDArray[np.bool_]:
    """Which offers the search keeps for a person of `commune` once the zone is passed."""
    centre = territoires.centre(commune)
    if centre is None:
        return np.ones(len(offres), dtype=bool)
    distances = portee.distances_km(centre, positions.latitude, positions.longitude)
    sans_position = np.isnan(positions.latitude)
    locales = _zones_locales(commune)
    zone_locale = np.zeros(len(offres), dtype=bool)
    for i in np.flatnonzero(sans_position & ~positions.a_distance):
        zone_locale[i] = not locales.isdisjoint(offres[i].zone_eligibilite or ())
    return portee.garde(portee.proches(distances, rayon_km), positions.a_distance, sans_position, zone_locale)


@lru_cache(maxsize=4096)
def _zones_locales(code_commune: str) -> frozenset[str]:
    """The zone codes naming a commune's surroundings: itself (and its parent), EPCI, département."""
    return englobantes(code_commune) - {territoires.FRANCE, territoires.CODE_PAYS_FRANCE}


@lru_cache(maxsize=4096)
def englobantes(code_commune: str) -> frozenset[str]:
    return frozenset(territoires.zones_englobantes(code_commune))
