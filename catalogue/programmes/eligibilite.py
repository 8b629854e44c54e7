"""Whether an offer serves a person, with data·inclusion's semantics (the same as the search page).

- Commune: the offer's `zone_eligibilite` is empty, or lists the person's commune (or its parent
  commune for an arrondissement), its EPCI, its département, `france` or `99100`
  (`territoires.zones_englobantes`). The zone applies to remote offers too (DOMAIN.md, corrected
  2026-12-07): being `a-distance` only waives the search radius, never the zone.
- Radius: then, as the search, an offer on site is kept only within `RAYON_KM_DEFAUT` (50 km) of
  the person's commune centre (or her address); remote offers waive the radius; an offer without
  any position is kept when its zone names her commune, EPCI or département. The rule itself is
  `search.portee.garde`, the one the engine applies (`a_portee`).
- Publics: when the person's publics are given, the offer lists one of them or `tous-publics`. An
  offer that lists no public at all does not match a publics filter (as in data·inclusion's API).
- Nearness, for ranking: same commune, same EPCI, same département, remote, elsewhere.

An offer here is a plain dict with v1 field names (what `service_v1` gives, or a candidate row).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from catalogue.referentiels import territoires, vocabulaires
from search import RAYON_KM_DEFAUT, portee

PROXIMITES = ("commune", "epci", "departement", "a-distance", "ailleurs")
LIBELLES_PROXIMITE = {
    "commune": "dans la commune",
    "epci": "dans l'intercommunalité",
    "departement": "dans le département",
    "a-distance": "à distance",
    "ailleurs": "hors du département",
}


@lru_cache(maxsize=4096)
def zones(commune: str) -> frozenset[str]:
    return frozenset(territoires.zones_englobantes(commune))


def a_distance(offre: Mapping[str, Any]) -> bool:
    return vocabulaires.A_DISTANCE in (offre.get("modes_accueil") or ())


def eligible_commune(offre: Mapping[str, Any], commune: str) -> bool:
    zone = offre.get("zone_eligibilite")
    return not zone or bool(zones(commune) & set(zone))


def publics_compatibles(publics_offre: Iterable[str] | None, publics_personne: Sequence[str]) -> bool:
    if not publics_personne:
        return True
    offerts = set(publics_offre or ())
    return vocabulaires.TOUS_PUBLICS in offerts or bool(offerts & set(publics_personne))


def eligible(offre: Mapping[str, Any], commune: str, publics: Sequence[str]) -> bool:
    return eligible_commune(offre, commune) and publics_compatibles(offre.get("publics"), publics)


def proximite(offre: Mapping[str, Any], commune: str) -> str:
    """Where the offer takes place, relative to the person's commune (`PROXIMITES`)."""
    modes = offre.get("modes_accueil") or ()
    code = offre.get("code_insee")
    return _proximite(code if isinstance(code, str) else None, vocabulaires.EN_PRESENTIEL in modes,
                      vocabulaires.A_DISTANCE in modes, commune)


@lru_cache(maxsize=65536)
def _proximite(code: str | None, presentiel: bool, distance: bool, commune: str) -> str:
    """Cached: a catalogue has many offers in the same few towns."""
    ici, la = territoires.commune(commune), _commune(code)
    if ici is not None and la is not None and (presentiel or not distance):
        if la.code in (ici.code, ici.commune_parente) or la.commune_parente == ici.code:
            return "commune"
        if ici.epci and la.epci == ici.epci:
            return "epci"
        if la.departement == ici.departement:
            return "departement"
    return "a-distance" if distance else "ailleurs"


def _commune(code: Any) -> territoires.Commune | None:
    return territoires.commune(code) if isinstance(code, str) else None


def position(offre: Mapping[str, Any]) -> tuple[float, float] | None:
    """Where the offer takes place, as the search places it: its coordinates, else the centre of
    its commune."""
    lat, lon = offre.get("latitude"), offre.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    code = offre.get("code_insee")
    return territoires.centre(code) if isinstance(code, str) and code else None


def distances_km(origine: tuple[float, float] | None, offres: Sequence[Mapping[str, Any]]
                 ) -> npt.NDArray[np.float64]:
    """Great-circle km from the person to each offer's `position` (NaN where either is unknown)."""
    if origine is None:
        return np.full(len(offres), np.nan)
    points = np.array([position(o) or (np.nan, np.nan) for o in offres], dtype=np.float64).reshape(-1, 2)
    return portee.distances_km(origine, points[:, 0], points[:, 1])


def distance_km(origine: tuple[float, float] | None, offre: Mapping[str, Any]) -> float | None:
    """`distances_km` of one offer; None when unknown."""
    d = float(distances_km(origine, [offre])[0])
    return None if np.isnan(d) else d


def a_portee(offres: Sequence[Mapping[str, Any]], commune: str, adresse: tuple[float, float] | None = None,
             rayon_km: float | None = RAYON_KM_DEFAUT
             ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Which offers the search keeps for a person of `commune` once their zone is passed
    (`search.portee.garde`), and their distances from her (`distances_km`). The radius is measured
    from her address, else her commune's centre; when neither is known no radius applies (as in
    the search)."""
    depart = adresse or territoires.centre(commune)
    distances = distances_km(depart, offres)
    if depart is None or rayon_km is None:
        return np.ones(len(offres), dtype=bool), distances
    locales = zones_locales(commune)
    gardees = portee.garde(
        portee.proches(distances, rayon_km),
        np.array([a_distance(o) for o in offres], dtype=bool),
        np.isnan(distances),  # the person's position is known: the offer's is not
        np.array([not locales.isdisjoint(o.get("zone_eligibilite") or ()) for o in offres], dtype=bool))
    return gardees, distances


@lru_cache(maxsize=4096)
def zones_locales(commune: str) -> frozenset[str]:
    """The zone codes naming the person's surroundings: her commune (and its parent), EPCI and
    département (not `france`)."""
    return zones(commune) - {territoires.FRANCE, territoires.CODE_PAYS_FRANCE}


def origine_de(commune: str, offres: Iterable[Mapping[str, Any]]) -> tuple[float, float] | None:
    """The person's position when none is given: the mean position of the offers located in their
    commune (what the search page does; the COG data has no commune centres)."""
    points = [(o["latitude"], o["longitude"]) for o in offres
              if o.get("code_insee") == commune and o.get("latitude") is not None
              and o.get("longitude") is not None]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
