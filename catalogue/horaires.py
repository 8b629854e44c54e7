"""Opening hours (OpenStreetMap `opening_hours`, as data·inclusion stores them) read as a week.

Parsing is done by the maintained `opening-hours-py` package; we only evaluate a rule over one
reference week to show it in words ("Mardi : 8 h 30 – 12 h 30").
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import lru_cache

import opening_hours

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
#: a Monday-to-Sunday week with no public holiday in France, so `PH off` changes nothing
SEMAINE_DE_REFERENCE = datetime(2026, 1, 12)

Plage = tuple[time, time]


@lru_cache(maxsize=2048)
def semaine_type(regle: str) -> tuple[tuple[Plage, ...], ...] | None:
    """Open ranges for each day Monday..Sunday, or None if the rule does not parse."""
    try:
        oh = opening_hours.OpeningHours(regle)
        fin = SEMAINE_DE_REFERENCE + timedelta(days=7)
        intervalles = list(oh.intervals(SEMAINE_DE_REFERENCE, fin))
    except Exception:  # noqa: BLE001 - the parser raises its own error types
        return None
    jours: list[list[Plage]] = [[] for _ in JOURS]
    for debut, fin_intervalle, etat, _commentaire in intervalles:
        if etat == opening_hours.State.OPEN:
            _ajouter(jours, debut, fin_intervalle)
    return tuple(tuple(j) for j in jours)


def _ajouter(jours: list[list[Plage]], debut: datetime, fin: datetime) -> None:
    """Split a range at midnight into per-day ranges."""
    while debut < fin:
        minuit = datetime.combine(debut.date() + timedelta(days=1), time())
        bout = min(fin, minuit)
        fin_heure = time(23, 59) if bout == minuit else bout.time()
        jours[debut.weekday()].append((debut.time(), fin_heure))
        debut = bout


def heure(t: time) -> str:
    return f"{t.hour} h {t.minute:02d}" if t.minute else f"{t.hour} h"


def en_mots(regle: str | None) -> list[tuple[str, str]]:
    """[("Mardi", "8 h 30 – 12 h 30"), …] for the open days; [] if unknown or unreadable."""
    semaine = semaine_type(regle) if regle else None
    if not semaine:
        return []
    return [(JOURS[i].capitalize(), ", ".join(f"{heure(a)} – {heure(b)}" for a, b in plages))
            for i, plages in enumerate(semaine) if plages]


def _plages_en_mots(plages: tuple[Plage, ...]) -> str:
    return " et ".join(f"{heure(a)}–{heure(b)}" for a, b in plages)


def en_phrase(regle: str | None) -> str:
    """`Mo-We 09:00-12:00,13:30-14:30; PH off` -> `du lundi au mercredi, 9 h–12 h et 13 h 30–14 h 30 ;
    fermé les jours fériés`. Days with the same hours are grouped when they follow each other.
    "" when there is no rule; the rule itself when it cannot be read (shown as such)."""
    if not regle:
        return ""
    semaine = semaine_type(regle)
    if semaine is None:
        return regle
    groupes: list[tuple[int, int, tuple[Plage, ...]]] = []
    for i, plages in enumerate(semaine):
        if plages and groupes and groupes[-1][1] == i - 1 and groupes[-1][2] == plages:
            groupes[-1] = (groupes[-1][0], i, plages)
        elif plages:
            groupes.append((i, i, plages))
    morceaux: dict[tuple[Plage, ...], list[str]] = {}
    for debut, fin, plages in groupes:
        morceaux.setdefault(plages, []).extend(_jours_en_mots(debut, fin))
    texte = " ; ".join(_liste(jours) + ", " + _plages_en_mots(plages)
                       for plages, jours in morceaux.items()) or "fermé toute la semaine"
    fermetures = [quand for quand, ferme in (("les jours fériés", ferme_les_jours_feries(regle)),
                                             ("pendant les vacances scolaires",
                                              ferme_pendant_les_vacances(regle))) if ferme]
    return texte + (" ; fermé " + " et ".join(fermetures) if fermetures else "")


def _liste(elements: list[str]) -> str:
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


_PH_OFF = re.compile(r"(^|;)\s*PH\s+(off|closed)\s*(;|$)", re.IGNORECASE)
_SH_OFF = re.compile(r"(^|;)\s*SH\s+(off|closed)\s*(;|$)", re.IGNORECASE)


def ferme_les_jours_feries(regle: str | None) -> bool:
    """`…; PH off`: closed on public holidays."""
    return bool(_PH_OFF.search(regle or ""))


def ferme_pendant_les_vacances(regle: str | None) -> bool:
    """`…; SH off`: closed during school holidays."""
    return bool(_SH_OFF.search(regle or ""))


def _jours_en_mots(debut: int, fin: int) -> list[str]:
    """Days `debut`..`fin`: named one by one up to two, a range from three."""
    if fin - debut < 2:
        return [f"le {JOURS[j]}" for j in range(debut, fin + 1)]
    return [f"du {JOURS[debut]} au {JOURS[fin]}"]
