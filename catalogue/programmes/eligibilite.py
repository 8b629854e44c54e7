"""Whether an offer serves a person, with data·inclusion's semantics (the same as the search page).

- Commune: the offer's `zone_eligibilite` is empty, or lists the person's commune (or its parent
  commune for an arrondissement), its EPCI, its département, `france` or `99100`
  (`territoires.zones_englobantes`). The zone applies to remote offers too (DOMAIN.md, corrected
  2026-12-07): being `a-distance` only waives the search radius, never the zone.
- Publics: when the person's publics are given, the offer lists one of them or `tous-publics`. An
  offer that lists no public at all does not match a publics filter (as in data·inclusion's API).
- Nearness, for ranking: same commune, same EPCI, same département, remote, elsewhere.

An offer here is a plain dict with v1 field names (what `service_v1` gives, or a candidate row).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from catalogue.referentiels import territoires, vocabulaires

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


def distance_km(origine: tuple[float, float] | None, offre: Mapping[str, Any]) -> float | None:
    """Great-circle distance from the person to the offer, when both positions are known."""
    lat, lon = offre.get("latitude"), offre.get("longitude")
    if origine is None or lat is None or lon is None:
        return None
    p1, p2 = math.radians(origine[0]), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - origine[1])
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def origine_de(commune: str, offres: Iterable[Mapping[str, Any]]) -> tuple[float, float] | None:
    """The person's position when none is given: the mean position of the offers located in their
    commune (what the search page does; the COG data has no commune centres)."""
    points = [(o["latitude"], o["longitude"]) for o in offres
              if o.get("code_insee") == commune and o.get("latitude") is not None
              and o.get("longitude") is not None]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
