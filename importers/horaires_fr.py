"""Opening hours written in French ("du lundi au vendredi de 9h à 12h") -> OpenStreetMap `opening_hours`.

v1 stores `horaires_accueil` in the OSM syntax (`Mo-Fr 09:00-12:00`). Old exports and spreadsheets
often have a sentence instead. `vers_osm` converts the common shapes (days, day ranges, several time
ranges) and answers None for anything else rather than guess: the caller keeps the text elsewhere.
The result is always checked with `opening_hours.validate`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opening_hours

from catalogue.texte import normaliser

JOURS = {"lundi": "Mo", "mardi": "Tu", "mercredi": "We", "jeudi": "Th", "vendredi": "Fr",
         "samedi": "Sa", "dimanche": "Su"}
_JOUR = r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_PLAGE_JOURS = re.compile(rf"\bdu {_JOUR} au {_JOUR}\b")
_LISTE_JOURS = re.compile(rf"\b{_JOUR}\b")
_HEURE = r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?"
_PLAGE_HEURES = re.compile(rf"{_HEURE}\s*(?:a|-|jusqu a)\s*{_HEURE}")
_CLAUSES = re.compile(r"[;\n.]|\bpuis\b")
_TOUS_LES_JOURS = re.compile(r"\b(?:tous les jours|7 jours sur 7|7j 7)\b")
_EN_SEMAINE = re.compile(r"\b(?:en semaine|jours ouvres)\b")


@lru_cache(maxsize=4096)
def vers_osm(texte: str) -> str | None:
    """The OSM form of a French opening-hours sentence, or None when it cannot be read safely."""
    texte = texte.strip()
    if not texte:
        return None
    if opening_hours.validate(texte):
        return texte
    regles = [_regle(clause) for clause in _CLAUSES.split(normaliser_heures(texte)) if clause.strip()]
    if not regles or any(r is None for r in regles):
        return None
    resultat = "; ".join(r for r in regles if r)
    return resultat if opening_hours.validate(resultat) else None


def normaliser_heures(texte: str) -> str:
    """Lower case, no accents, `9h30` kept readable: `normaliser` turns `:` and `-` into spaces,
    so they are protected first."""
    protege = texte.replace(":", " h ").replace("-", " a ").replace("–", " a ")
    return "\n".join(normaliser(ligne) for ligne in re.split(r"[;\n.]", protege))


def _regle(clause: str) -> str | None:
    jours = _jours(clause)
    heures = [_plage(m) for m in _PLAGE_HEURES.finditer(clause)]
    if jours is None or not heures or any(h is None for h in heures):
        return None
    return f"{jours} {','.join(h for h in heures if h)}"


def _jours(clause: str) -> str | None:
    if _TOUS_LES_JOURS.search(clause):
        return "Mo-Su"
    if _EN_SEMAINE.search(clause):
        return "Mo-Fr"
    plages = [f"{JOURS[m[1]]}-{JOURS[m[2]]}" for m in _PLAGE_JOURS.finditer(clause)]
    reste = _PLAGE_JOURS.sub(" ", clause)
    seuls = [JOURS[m[1]] for m in _LISTE_JOURS.finditer(reste)]
    tous = plages + seuls
    return ",".join(dict.fromkeys(tous)) or None


def _plage(m: re.Match[str]) -> str | None:
    debut, fin = _heure(m[1], m[2]), _heure(m[3], m[4])
    if debut is None or fin is None or fin <= debut:
        return None
    return f"{debut}-{fin}"


def _heure(heures: str, minutes: str | None) -> str | None:
    h, mn = int(heures), int(minutes or 0)
    return f"{h:02d}:{mn:02d}" if h <= 24 and mn < 60 else None
