"""The search radius, written once: which offers are within reach of a person once their zone is
passed (DOMAIN.md, as data·inclusion's search).

An offer is within reach when it takes place within `rayon_km` of the person (her address, else
her commune's centre), or can be followed remotely (`a-distance` only waives the radius, never the
zone), or has no position at all but a zone naming the person's surroundings (her commune, EPCI or
département: the zone itself keeps it near). An offer's position is its coordinates, else the
centre of its commune.

`garde` takes its four facts as booleans, numpy boolean arrays or bit sets alike: the engine
(`moteur`) applies it to a segment's bit sets, the programmes (`catalogue.programmes.eligibilite`:
the suggestion and the programme's checks) to the offers they look at.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

#: mean Earth radius (km), for great-circle distances
RAYON_TERRE_KM = 6371.0

Faits = TypeVar("Faits", bool, npt.NDArray[np.bool_], npt.NDArray[np.uint64])


def garde(proche: Faits, a_distance: Faits, sans_position: Faits, zone_locale: Faits) -> Faits:
    """Within reach: near enough, or remote, or without position but zoned on the surroundings."""
    return proche | a_distance | (sans_position & zone_locale)


def distances_km(origine: tuple[float, float], latitude: npt.ArrayLike, longitude: npt.ArrayLike
                 ) -> npt.NDArray[np.float64]:
    """Great-circle kilometres (haversine) from `origine` to each point; NaN where unknown."""
    lat1, lon1 = np.radians(origine[0]), np.radians(origine[1])
    lat2 = np.radians(np.asarray(latitude, dtype=np.float64))
    lon2 = np.radians(np.asarray(longitude, dtype=np.float64))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return np.asarray(RAYON_TERRE_KM * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1))), dtype=np.float64)


def proches(distances: npt.NDArray[np.float64], rayon_km: float) -> npt.NDArray[np.bool_]:
    """Within the radius (an unknown distance is not)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(distances <= rayon_km, dtype=bool)
