"""Public holidays and school holidays, and what they take out of a programme's weeks.

- public holidays: the maintained `holidays` package (France, with Alsace-Moselle's and overseas
  départements' own days), names in French;
- school holidays: `vacances-scolaires-france` (the Education ministry's calendar, shipped in the
  package: nothing fetched at run time), by zone A / B / C of the commune's département
  (`ZONES_SCOLAIRES`); a year the package does not know yet is said, not guessed;
- an activity stops on public holidays or during school holidays when its offer's opening hours say
  so (`PH off`, `SH off` in `horaires_accueil`, OpenStreetMap syntax).

`arrets(...)` gives, for one week, the hours an activity loses and why, in French: the week-by-week
table subtracts them and shows the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from catalogue import formats
from catalogue.horaires import ferme_les_jours_feries, ferme_pendant_les_vacances
from catalogue.programmes import heures as h

#: school-holiday zone of each metropolitan département (académies' zones since 2016); Corsica and
#: overseas have calendars of their own, not in the package: no school holidays are assumed there
ZONES_SCOLAIRES: dict[str, str] = {
    **dict.fromkeys(("25", "39", "70", "90", "24", "33", "40", "47", "64", "03", "15", "43", "63",
                     "21", "58", "71", "89", "07", "26", "38", "73", "74", "19", "23", "87", "01",
                     "42", "69", "16", "17", "79", "86"), "A"),
    **dict.fromkeys(("04", "05", "13", "84", "02", "60", "80", "59", "62", "54", "55", "57", "88",
                     "44", "49", "53", "72", "85", "06", "83", "14", "50", "61", "27", "76", "18",
                     "28", "36", "37", "41", "45", "08", "10", "51", "52", "22", "29", "35", "56",
                     "67", "68"), "B"),
    **dict.fromkeys(("77", "93", "94", "11", "30", "34", "48", "66", "75", "09", "12", "31", "32",
                     "46", "65", "81", "82", "78", "91", "92", "95"), "C"),
}
#: `holidays` subdivisions with days of their own (Good Friday and 26 December in Alsace-Moselle)
_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "971": "971", "972": "972", "973": "973",
                 "974": "974", "976": "976"}


@dataclass(frozen=True)
class Regles:
    """When an activity does not run: on public holidays, during school holidays."""

    feries: bool = False
    vacances: bool = False


def regles_horaires(horaires: str | None) -> Regles:
    """`Mo-Fr 09:00-12:00; PH off; SH off` -> both; read from the offer's opening hours."""
    return Regles(ferme_les_jours_feries(horaires), ferme_pendant_les_vacances(horaires))


def zone_scolaire(departement: str | None) -> str | None:
    return ZONES_SCOLAIRES.get(departement or "")


@lru_cache(maxsize=64)
def _feries_de(annee: int, subdivision: str | None) -> dict[dt.date, str]:
    import holidays  # loaded on first use: the app starts without it

    return dict(holidays.France(years=annee, subdiv=subdivision, language="fr"))


def jour_ferie(jour: dt.date, departement: str | None) -> str | None:
    """The public holiday's French name, or None."""
    return _feries_de(jour.year, _SUBDIVISIONS.get(departement or "")).get(jour)


@lru_cache(maxsize=1)
def _dates_scolaires() -> Any:
    import vacances_scolaires_france

    return vacances_scolaires_france.SchoolHolidayDates()


@lru_cache(maxsize=64)
def _vacances_de(annee: int, zone: str) -> dict[dt.date, str] | None:
    """Holiday days of a zone in a year, None when the package's calendar stops before it."""
    dates = _dates_scolaires()
    if not dates.min_year <= annee <= dates.max_year:
        return None
    return {jour: str(info["nom_vacances"])
            for jour, info in dates.holidays_for_year_and_zone(annee, zone).items()}


def vacances(jour: dt.date, zone: str | None) -> str | None:
    """The name of the school holidays that day in that zone, or None."""
    if zone is None:
        return None
    return (_vacances_de(jour.year, zone) or {}).get(jour)


def calendrier_connu(debut: dt.date, fin: dt.date, zone: str | None) -> bool:
    """Whether the school calendar is published for every year of the period."""
    return zone is None or all(_vacances_de(annee, zone) is not None
                               for annee in range(debut.year, fin.year + 1))


def fermeture(jour: dt.date, regles: Regles, departement: str | None) -> str | None:
    """Why an activity with these rules does not run that day (in French), or None."""
    if regles.feries and (nom := jour_ferie(jour, departement)):
        return f"{nom} (férié)"
    if regles.vacances and (nom := vacances(jour, zone := zone_scolaire(departement))):
        return f"{nom} (zone {zone})"
    return None


@lru_cache(maxsize=256)
def jours_fermes(regles: Regles, debut: dt.date, nombre_semaines: int, departement: str | None
                 ) -> dict[int, frozenset[int]]:
    """Over a programme, the weeks (1-based) in which an activity with these rules stops, and its
    days off (0 is Monday); what `arrets` takes out, known before the slots are (the suggestion)."""
    fermes = {}
    if regles.feries or regles.vacances:
        for numero in range(1, nombre_semaines + 1):
            lundi = h.debut_semaine(debut, numero)
            jours = frozenset(j for j in range(7)
                              if fermeture(lundi + dt.timedelta(days=j), regles, departement))
            if jours:
                fermes[numero] = jours
    return fermes


@dataclass(frozen=True)
class Arret:
    """Hours an activity loses in a week, and why (in French)."""

    cle: int
    heures: float
    raison: str


def arrets(cle: int, libelle: str, creneaux: Sequence[h.Creneau], valeur: float, regles: Regles,
           lundi: dt.date, departement: str | None) -> Arret | None:
    """What a public holiday or school holidays take from one activity in the week of `lundi`.

    With slots: the slots falling on a closed day, as a share of the weekly value (so an offer's
    published volume is cut in the same proportion). Without slots: the share of closed weekdays
    (Monday to Friday)."""
    if not (regles.feries or regles.vacances) or valeur <= 0:
        return None

    def ferme(jour: dt.date) -> str | None:
        return fermeture(jour, regles, departement)

    if creneaux:
        total = sum(c.heures for c in creneaux)
        fermes = [(c, raison) for c in creneaux
                  if (raison := ferme(lundi + dt.timedelta(days=c.jour))) is not None]
        perdu = valeur * sum(c.heures for c, _ in fermes) / total if total else 0.0
        causes = [r for _, r in fermes]
    else:
        jours = [lundi + dt.timedelta(days=i) for i in range(5)]
        causes = [r for j in jours if (r := ferme(j)) is not None]
        perdu = valeur * len(causes) / 5
    if not causes:
        return None
    perdu = round(perdu, 2)
    motifs = ", ".join(dict.fromkeys(causes))
    return Arret(cle, perdu, f"« {libelle} » n'a pas lieu : {motifs} ({formats.ecart(-perdu)})")
