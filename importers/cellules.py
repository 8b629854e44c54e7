"""What spreadsheets do to data, undone one cell at a time, each repair of substance reported.

A spreadsheet reads codes as numbers (`59350.0`, a postal code `2100` that lost its leading zero, a
SIRET in scientific notation), dates as Excel dates or serial numbers, adds trailing spaces, and its
users type labels where the schema wants slugs. `reparer(champ, valeur, colonne)` returns the value
the v1 validation expects and the warnings to show; what cannot be repaired is left as typed, so the
validation rejects it with its own message (and, for vocabularies, we add the closest valid slug).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from catalogue.referentiels import territoires, vocabulaires
from catalogue.texte import normaliser
from catalogue.validation import Probleme
from importers import libelles
from importers.horaires_fr import vers_osm

#: Excel counts days from 1899-12-30 (its 1900 leap-year bug included)
ORIGINE_EXCEL = date(1899, 12, 30)
SERIE_EXCEL = (20_000, 80_000)  # 1954 … 2119: a plausible date_maj typed as a number
CODES = {"code_postal": 5, "code_insee": 5, "siret": 14}
LISTES = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par",
          "reseaux_porteurs")
SIMPLES = ("type", "frais")
VOCABULAIRE_COURT = 8  # vocabularies this small are listed in full when a value is unknown
_ENTIER_DECIMAL = re.compile(r"(\d+)[.,]0+")
_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_NOTATION_SCIENTIFIQUE = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")

Repare = tuple[Any, list[Probleme]]


@dataclass(frozen=True)
class Cellule:
    """Where a value stands: the column letter and the v1 field it feeds."""

    colonne: str
    champ: str

    def probleme(self, valeur: Any, message: str) -> Probleme:
        return Probleme(self.champ, valeur, f"Colonne {self.colonne} ({self.champ}) : {message}")


def lettre_de_colonne(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as the spreadsheet shows it."""
    lettres = ""
    index += 1
    while index:
        index, reste = divmod(index - 1, 26)
        lettres = chr(ord("A") + reste) + lettres
    return lettres


def texte(valeur: Any) -> str | None:
    """A cell as text: numbers without a spurious `.0`, dates in ISO, spaces trimmed."""
    if isinstance(valeur, str):
        return valeur.replace("\xa0", " ").strip() or None
    if valeur is None or isinstance(valeur, bool):
        return None if valeur is None else ("oui" if valeur else "non")
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    if isinstance(valeur, datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, date | time):
        return valeur.isoformat()
    propre = str(valeur).replace("\xa0", " ").strip()
    return propre or None


def reparer(champ: str, valeur: Any, colonne: str) -> Repare:
    """The value of one cell for the v1 field `champ`, and the warnings about what was repaired."""
    cellule = Cellule(colonne, champ)
    return _REPARATEURS.get(champ, _texte)(valeur, cellule)


def _texte(valeur: Any, _cellule: Cellule) -> Repare:
    return texte(valeur), []


# -- codes and numbers ---------------------------------------------------------------------------


def _sans_decimale(brut: str) -> str:
    """`59350.0` -> `59350` (a code read as a number, then written back as text)."""
    m = _ENTIER_DECIMAL.fullmatch(brut)
    return m.group(1) if m else brut


def _code(valeur: Any, cellule: Cellule) -> Repare:
    brut = texte(valeur)
    if brut is None:
        return None, []
    if _NOTATION_SCIENTIFIQUE.fullmatch(brut):
        return brut, [cellule.probleme(brut, f"« {brut} » est en notation scientifique : le tableur "
                                       "a arrondi le code, des chiffres sont perdus. Mettez la "
                                       "colonne au format Texte et ressaisissez-le.")]
    return _zero_initial(_sans_decimale(brut.replace(" ", "")), brut, CODES[cellule.champ], cellule)


def _telephone(valeur: Any, cellule: Cellule) -> Repare:
    brut = texte(valeur)
    if brut is None:
        return None, []
    return _zero_initial(brut, brut, 10, cellule)


def _zero_initial(code: str, brut: str, longueur: int, cellule: Cellule) -> Repare:
    """A code the spreadsheet read as a number (`05000` became `5000`) gets its leading zero back."""
    if code.isdigit() and len(code) == longueur - 1:
        repare = "0" + code
        return repare, [cellule.probleme(brut, f"« {brut} » lu comme un nombre : zéro initial "
                                         f"rétabli, « {repare} ».")]
    return code, []


def _entier(valeur: Any, _cellule: Cellule) -> Repare:
    brut = texte(valeur)
    return (None if brut is None else _sans_decimale(brut)), []


def _nombre(valeur: Any, _cellule: Cellule) -> Repare:
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        return valeur, []
    return texte(valeur), []


def _identifiant(valeur: Any, _cellule: Cellule) -> Repare:
    return texte(valeur), []


# -- dates ---------------------------------------------------------------------------------------


def _date(valeur: Any, cellule: Cellule) -> Repare:
    if isinstance(valeur, datetime):
        return valeur.date().isoformat(), []
    if isinstance(valeur, date):
        return valeur.isoformat(), []
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        return _serie_excel(valeur, cellule)
    brut = texte(valeur)
    if brut is None:
        return None, []
    if m := _DATE_ISO.fullmatch(brut):
        return f"{m[1]}-{m[2]}-{m[3]}", []
    if m := _DATE_FR.fullmatch(brut):
        return _date_fr(brut, m, cellule)
    if brut.isdigit():
        return _serie_excel(int(brut), cellule)
    return brut, []


def _serie_excel(nombre: float, cellule: Cellule) -> Repare:
    if not SERIE_EXCEL[0] <= nombre < SERIE_EXCEL[1]:
        return texte(nombre), []
    jour = (ORIGINE_EXCEL + timedelta(days=int(nombre))).isoformat()
    return jour, [cellule.probleme(texte(nombre), f"date lue comme un nombre Excel "
                                   f"({texte(nombre)}) : comprise comme le {jour}.")]


def _date_fr(brut: str, m: re.Match[str], cellule: Cellule) -> Repare:
    """`15/01/2025` (the French way, day first) -> `2025-01-15`; a two-digit year is reported."""
    jour, mois, annee = int(m[1]), int(m[2]), int(m[3])
    avertissements = []
    if len(m[3]) == 2:
        annee += 2000
        avertissements.append(cellule.probleme(brut, f"année sur deux chiffres « {m[3]} » "
                                               f"comprise comme {annee}."))
    try:
        return date(annee, mois, jour).isoformat(), avertissements
    except ValueError:
        return brut, []


# -- vocabularies --------------------------------------------------------------------------------


def _liste_vocabulaire(champ: str) -> Callable[[Any, Cellule], Repare]:
    def reparer_liste(valeur: Any, cellule: Cellule) -> Repare:
        brut = texte(valeur)
        if brut is None:
            return None, []
        valeurs: list[str] = []
        avertissements: list[Probleme] = []
        for lecture in libelles.lire_liste(champ, brut):
            valeurs += lecture.slugs or (lecture.texte,)
            avertissements += _dire_lecture(champ, lecture, cellule)
        return list(dict.fromkeys(valeurs)), avertissements

    return reparer_liste


def _valeur_vocabulaire(champ: str) -> Callable[[Any, Cellule], Repare]:
    def reparer_valeur(valeur: Any, cellule: Cellule) -> Repare:
        brut = texte(valeur)
        if brut is None:
            return None, []
        lecture = libelles.lire(champ, brut)
        if len(lecture.slugs) == 1:
            return lecture.slugs[0], _dire_lecture(champ, lecture, cellule)
        return brut, _dire_lecture(champ, lecture, cellule)

    return reparer_valeur


def _dire_lecture(champ: str, lecture: libelles.Lecture, cellule: Cellule) -> list[Probleme]:
    if lecture.comment == "libelle":
        slug = lecture.slugs[0]
        return [cellule.probleme(lecture.texte, f"libellé « {lecture.texte} » remplacé par sa "
                                 f"valeur « {slug} ».")]
    if lecture.comment == "categorie":
        return [cellule.probleme(lecture.texte, f"« {lecture.texte} » est une catégorie : ses "
                                 f"{len(lecture.slugs)} thématiques sont retenues "
                                 f"({', '.join(lecture.slugs)}). Précisez si besoin.")]
    if lecture.reconnue:
        return []
    return [cellule.probleme(lecture.texte, _message_inconnu(champ, lecture))]


def _message_inconnu(champ: str, lecture: libelles.Lecture) -> str:
    debut = f"valeur « {lecture.texte} » inconnue du référentiel « {champ} »"
    if lecture.suggestion:
        return (f"{debut} ; valeur valide la plus proche : « {lecture.suggestion} » "
                f"({libelles.libelle(champ, lecture.suggestion)}).")
    valeurs = sorted(vocabulaires.valeurs(champ))
    if len(valeurs) <= VOCABULAIRE_COURT:
        return f"{debut} ; valeurs possibles : {', '.join(valeurs)}."
    return f"{debut} et d'aucune valeur proche."


# -- opening hours ------------------------------------------------------------------------------


def _horaires(valeur: Any, cellule: Cellule) -> Repare:
    """v1 wants OpenStreetMap `opening_hours`; a French sentence is translated when it reads safely."""
    brut = texte(valeur)
    if brut is None:
        return None, []
    osm = vers_osm(brut)
    if osm == brut:
        return brut, []
    if osm is not None:
        return osm, [cellule.probleme(brut, f"« {brut} » traduit en horaires OpenStreetMap "
                                      f"« {osm} » : vérifiez.")]
    return brut, [cellule.probleme(brut, f"« {brut} » n'est pas au format OpenStreetMap "
                                   "(ex. « Mo-Fr 09:00-12:00 ») : gardé tel quel, mais il ne "
                                   "pourra pas compter dans un programme hebdomadaire.")]


# -- zones ---------------------------------------------------------------------------------------


@cache
def _departements_par_nom() -> dict[str, str]:
    return {normaliser(d.nom): d.code for d in territoires.departements()}


def _zone(valeur: Any, cellule: Cellule) -> Repare:
    brut = texte(valeur)
    if brut is None:
        return None, []
    codes: list[str] = []
    avertissements: list[Probleme] = []
    for morceau in libelles.decouper(brut):
        code, message = _code_de_zone(morceau)
        codes.append(code)
        if message:
            avertissements.append(cellule.probleme(morceau, message))
    return list(dict.fromkeys(codes)), avertissements


def _code_de_zone(morceau: str) -> tuple[str, str | None]:
    """A zone code as typed -> (code, what was repaired)."""
    code = _sans_decimale(morceau.replace(" ", ""))
    if code.lower() == "france":
        return "france", None
    if code.isdigit() and len(code) in (1, 4):
        repare = "0" + code
        sorte = "département" if len(code) == 1 else "commune"
        return repare, f"code « {morceau} » lu comme un nombre : zéro initial rétabli ({sorte} {repare})."
    if territoires.format_de_zone(code.upper()) is not None:
        return code.upper(), None
    return _zone_par_nom(morceau)


def _zone_par_nom(morceau: str) -> tuple[str, str | None]:
    if (departement := _departements_par_nom().get(normaliser(morceau))) is not None:
        return departement, f"« {morceau} » compris comme le département {departement}."
    commune = territoires.resoudre_commune(morceau)
    if commune is not None:
        return commune.code, (f"« {morceau} » compris comme la commune {commune.nom} "
                              f"({commune.code}). Vérifiez s'il y a des homonymes.")
    return morceau, None


_REPARATEURS: dict[str, Callable[[Any, Cellule], Repare]] = {
    **{champ: _code for champ in CODES},
    **{champ: _liste_vocabulaire(champ) for champ in LISTES},
    **{champ: _valeur_vocabulaire(champ) for champ in SIMPLES},
    "telephone": _telephone,
    "date_maj": _date,
    "nombre_semaines": _entier,
    "volume_horaire_hebdomadaire": _nombre,
    "longitude": _nombre,
    "latitude": _nombre,
    "zone_eligibilite": _zone,
    "horaires_accueil": _horaires,
    "id": _identifiant,
    "structure_id": _identifiant,
}
