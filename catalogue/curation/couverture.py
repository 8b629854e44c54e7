"""Coverage: where the offer is missing (the "trous dans la raquette").

For a département, a matrix whose rows are its EPCI (or its communes) and whose columns are the
freins: each cell gives the number of *published* offers a person living there can follow for that
frein, and the weekly hours they offer (offers whose hours are unknown are counted apart, never
guessed). Eligibility is the search engine's (`territoire.eligible`): a person of a commune sees
exactly these offers when searching with that frein.

Eligibility is not access: a département-wide offer held in Arras is open to a person of the
Ternois, 60 km away. With `portee="proximite"` a cell only counts the offers that take place in
the row's EPCI (for a commune: in its EPCI) or can be followed remotely — where the real holes show.

An EPCI row counts the offers open to the **whole** EPCI — eligible from every one of its
communes —, because a gap is a place where someone finds nothing: offers reserved to some of its
communes are counted apart (`partielles`) and shown in the commune view. A cell is *empty* with
no offer, *thin* with fewer than `SEUIL_MINCE`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import escape
from sqlmodel import Session

from catalogue import formats
from catalogue.curation import territoire
from catalogue.models import Offer
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires, vocabulaires
from catalogue.texte import cellule_tableur

SEUIL_MINCE = 3


@dataclass
class Cellule:
    offres: int = 0
    heures: float = 0.0
    heures_inconnues: int = 0
    partielles: int = 0
    ids: list[str] = field(default_factory=list)

    @property
    def etat(self) -> str:
        if self.offres == 0:
            return "vide"
        return "mince" if self.offres < SEUIL_MINCE else "couvert"


@dataclass
class Ligne:
    code: str
    nom: str
    population: int
    cellules: dict[str, Cellule]


PORTEES = {"eligibles": "toutes les offres ouvertes (comme la recherche)",
           "proximite": "offres sur place (dans l'intercommunalité) ou à distance"}


@dataclass
class Matrice:
    departement: str
    nom: str
    par: str
    lignes: list[Ligne]
    freins: tuple[ref_freins.Frein, ...] = ref_freins.FREINS
    portee: str = "eligibles"

    def vides(self) -> list[tuple[Ligne, ref_freins.Frein]]:
        return [(ligne, f) for ligne in self.lignes for f in self.freins
                if ligne.cellules[f.slug].etat == "vide"]

    def minces(self) -> list[tuple[Ligne, ref_freins.Frein]]:
        return [(ligne, f) for ligne in self.lignes for f in self.freins
                if ligne.cellules[f.slug].etat == "mince"]


@dataclass(frozen=True)
class _Zone:
    code: str
    nom: str
    population: int
    communes: list[str]
    #: where an offer must take place to count "à proximité" (the EPCI's communes)
    proches: frozenset[str]


def _communes_epci(code: str | None) -> frozenset[str]:
    return frozenset(c.code for c in territoires.communes_de_epci(code)) if code else frozenset()


def _zones(par: str, dep: str, epci: str | None) -> list[_Zone]:
    """The rows: the département's EPCI, or its communes (of one EPCI when given)."""
    if par == "epci":
        lignes = []
        for e in territoires.epcis_du_departement(dep):
            communes = [c for c in territoires.communes_de_epci(e.code) if c.departement == dep]
            lignes.append(_Zone(e.code, e.nom, sum(c.population for c in communes),
                                [c.code for c in communes], _communes_epci(e.code)))
        return lignes
    communes = territoires.communes_du_departement(dep)
    if epci:
        communes = [c for c in communes if c.epci == epci]
    return [_Zone(c.code, c.nom, c.population, [c.code], _communes_epci(c.epci) | {c.code})
            for c in communes]


def matrice(s: Session, dep: str, par: str = "epci", epci: str | None = None,
            portee: str = "eligibles") -> Matrice:
    """The coverage matrix of a département (`par` = "epci" or "commune"; `portee` =
    "eligibles" or "proximite")."""
    offres = territoire.offres(s, territoire.ids_du_territoire(s, [dep], nationaux=True))
    freins_par_offre = {o.id: ref_freins.freins_leves(o.thematiques) for o in offres}
    lignes = [Ligne(z.code, z.nom, z.population, _cellules(
        offres, freins_par_offre, z.communes, z.proches if portee == "proximite" else None))
        for z in _zones(par, dep, epci)]
    d = territoires.departement(dep)
    return Matrice(dep, d.nom if d else dep, par, lignes, portee=portee)


def _proche(o: Offer, proches: frozenset[str] | None) -> bool:
    if proches is None or vocabulaires.A_DISTANCE in (o.modes_accueil or ()):
        return True
    return o.code_insee in proches


def _cellules(offres: list[Offer], freins_par_offre: dict[str, set[str]],
              communes: list[str], proches: frozenset[str] | None = None) -> dict[str, Cellule]:
    cellules = {f.slug: Cellule() for f in ref_freins.FREINS}
    zones = [territoire.englobantes(c) for c in communes]
    positions = territoire.Positions.de(offres)
    a_portee = [territoire.a_portee(offres, positions, c) for c in communes]
    for i, o in enumerate(offres):
        if not _proche(o, proches):
            continue
        eligibles = sum(1 for z, portee in zip(zones, a_portee, strict=True)
                        if portee[i] and territoire.eligible(o, z))
        if not eligibles:
            continue
        for slug in freins_par_offre[o.id]:
            _compter(cellules[slug], o, partielle=eligibles < len(zones))
    return cellules


def _compter(cellule: Cellule, o: Offer, partielle: bool) -> None:
    if partielle:
        cellule.partielles += 1
        return
    cellule.offres += 1
    cellule.ids.append(o.id)
    if o.volume_horaire_hebdomadaire is None:
        cellule.heures_inconnues += 1
    else:
        cellule.heures += o.volume_horaire_hebdomadaire


def commune(s: Session, code: str, portee: str = "eligibles") -> dict[str, Cellule]:
    """The same cells for one commune (the référent's view)."""
    c = territoires.commune(code)
    if c is None:
        raise LookupError(code)
    offres = territoire.offres(s, territoire.ids_du_territoire(s, [c.departement], nationaux=True))
    proches = _communes_epci(c.epci) | {c.code} if portee == "proximite" else None
    return _cellules(offres, {o.id: ref_freins.freins_leves(o.thematiques) for o in offres},
                     [c.code], proches)


# ------------------------------------------------------------------------------------------------
# CSV and SVG


def en_csv(m: Matrice) -> str:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";")
    ecrivain.writerow(["code", "territoire", "population", "frein", "offres", "heures_hebdomadaires",
                       "offres_heures_inconnues", "offres_partielles", "etat"])
    for ligne in m.lignes:
        for f in m.freins:
            c = ligne.cellules[f.slug]
            ecrivain.writerow([ligne.code, cellule_tableur(ligne.nom), ligne.population,
                               cellule_tableur(f.label), c.offres, f"{c.heures:g}",
                               c.heures_inconnues, c.partielles, c.etat])
    return sortie.getvalue()


#: classes of the number of offers (lower bound, colour, words): sequential, red for empty
CLASSES = ((0, "#ce0500", "aucune offre"), (1, "#fcc63a", "1 ou 2 offres (mince)"),
           (3, "#c6dbef", "3 à 5 offres"), (6, "#6baed6", "6 à 10 offres"),
           (11, "#08519c", "11 offres ou plus"))
_LARGEUR_NOM, _COTE = 260, 56
#: column headers are written at -50°; a bold 12 px character is about 7.5 px wide
_ANGLE, _LARGEUR_CARACTERE = math.radians(50), 7.5


def _place_des_entetes(freins: Sequence[ref_freins.Frein]) -> tuple[int, int]:
    """Height above the grid and width right of it that the slanted headers take, so that no
    label is cut (« Parentalité (garde d'enfants) », « Autonomie » in the last column)."""
    longueurs = [len(f.label) * _LARGEUR_CARACTERE for f in freins] or [0.0]
    hauteur = math.ceil(max(longueurs) * math.sin(_ANGLE)) + 16
    depasse = max(_COTE * (j + 0.5) + lg * math.cos(_ANGLE) for j, lg in enumerate(longueurs))
    return hauteur, max(10, math.ceil(depasse - _COTE * len(longueurs)) + 10)


def classe(n: int) -> int:
    """The lower bound of the class of `n` offers."""
    return max(seuil for seuil, _, _ in CLASSES if n >= seuil)


def teinte(n: int) -> str:
    return next(couleur for seuil, couleur, _ in CLASSES if seuil == classe(n))


def en_svg(m: Matrice) -> str:
    """The heat map as a standalone SVG (no script): a cell per row × frein, coloured by the
    number of offers, with the count and the weekly hours written in it."""
    entete, marge = _place_des_entetes(m.freins)
    largeur = _LARGEUR_NOM + _COTE * len(m.freins) + marge
    hauteur = entete + _COTE * len(m.lignes) + 70
    parties = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" '
               f'viewBox="0 0 {largeur} {hauteur}" role="img" aria-labelledby="carte-titre '
               f'carte-desc" font-family="system-ui, sans-serif" font-size="12">',
               f'<title id="carte-titre">Couverture par frein — {escape(m.nom)} '
               f'({escape(m.departement)}), {escape(PORTEES.get(m.portee, ""))}</title>',
               f'<desc id="carte-desc">{len(m.vides())} cases vides, {len(m.minces())} cases '
               f'minces sur {len(m.lignes) * len(m.freins)}. Le tableau qui suit donne les mêmes '
               'chiffres.</desc>']
    parties += _entetes_svg(m.freins, entete)
    for i, ligne in enumerate(m.lignes):
        parties += _ligne_svg(ligne, m.freins, entete + i * _COTE)
    parties += _legende_svg(entete + len(m.lignes) * _COTE + 20)
    parties.append("</svg>")
    return "\n".join(parties)


def _entetes_svg(freins: Sequence[ref_freins.Frein], entete: int) -> list[str]:
    return [f'<text transform="translate({_LARGEUR_NOM + _COTE * j + _COTE // 2},{entete - 8}) '
            f'rotate(-50)" font-weight="600">{escape(f.label)}</text>'
            for j, f in enumerate(freins)]


def _ligne_svg(ligne: Ligne, freins: Sequence[ref_freins.Frein], y: int) -> list[str]:
    nom = ligne.nom if len(ligne.nom) <= 38 else ligne.nom[:37] + "…"
    parties = [f'<text x="{_LARGEUR_NOM - 8}" y="{y + _COTE // 2 + 4}" text-anchor="end">'
               f'{escape(nom)}</text>']
    for j, f in enumerate(freins):
        parties.append(_case_svg(ligne, f, _LARGEUR_NOM + j * _COTE, y))
    return parties


def _case_svg(ligne: Ligne, f: ref_freins.Frein, x: int, y: int) -> str:
    c = ligne.cellules[f.slug]
    fond = teinte(c.offres)
    texte = "#fff" if c.offres == 0 or c.offres >= 6 else "#161616"
    heures = formats.heures(c.heures) if c.offres else "vide"
    infobulle = (f"{ligne.nom} — {f.label} : {formats.compte(c.offres, 'offre')}, "
                 f"{formats.heures(c.heures)} par semaine"
                 + (f", {c.heures_inconnues} sans heures" if c.heures_inconnues else "")
                 + (f", {formats.compte(c.partielles, 'réservée', 'réservées')} à certaines communes"
                    if c.partielles else ""))
    return (f'<g class="case case--{c.etat}"><title>{escape(infobulle)}</title>'
            f'<rect x="{x + 1}" y="{y + 1}" width="{_COTE - 2}" height="{_COTE - 2}" rx="3" '
            f'fill="{fond}"/>'
            f'<text x="{x + _COTE // 2}" y="{y + 24}" text-anchor="middle" font-weight="700" '
            f'font-size="15" fill="{texte}">{c.offres}</text>'
            f'<text x="{x + _COTE // 2}" y="{y + 42}" text-anchor="middle" font-size="11" '
            f'fill="{texte}">{escape(heures)}</text></g>')


def _legende_svg(y: int) -> list[str]:
    libelles = ("0 : vide", "1-2 : mince", "3-5", "6-10", "11 et plus")
    parties = [f'<text x="10" y="{y + 14}" font-weight="600">Offres publiées :</text>']
    for i, ((_, couleur, _mots), libelle) in enumerate(zip(CLASSES, libelles, strict=True)):
        x = 130 + i * 110
        parties.append(f'<rect x="{x}" y="{y}" width="18" height="18" rx="3" fill="{couleur}"/>'
                       f'<text x="{x + 24}" y="{y + 14}">{libelle}</text>')
    return parties
