"""Opening hours (OpenStreetMap `opening_hours`, as data·inclusion stores them) read as a week.

Parsing is done by the maintained `opening-hours-py` package; we only evaluate a rule over one
reference week to show it in words ("Mardi : 8 h 30 – 12 h 30").
"""

from __future__ import annotations

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
