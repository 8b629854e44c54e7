"""Hours of a 15-hour programme: weekly slots, weeks, and opening hours. Pure functions.

Conventions, and why:
- A programme is counted in weeks from its first day: week 1 is `debut` to `debut + 6 days`. Weekly
  slots (`Creneau`) fall on Monday to Saturday; the law counts hours *per week*.
- An activity's weekly hours (`heures_hebdomadaires`): the slots the référent chose are the
  person's actual times, so they count first; else the offer's `volume_horaire_hebdomadaire`;
  else the référent's own figure (an *assumed* figure for an offer, a *declared* one for a free
  activity); else the hours are unknown and count 0, flagged.
- DORA's entry convention for `volume_horaire_hebdomadaire` / `nombre_semaines`: 30 h over 3 weeks is
  10 h a week for 3 weeks, a one-off 3 h workshop is 3 h for 1 week. So an offer's activity runs
  `nombre_semaines` weeks from its first week unless the référent says otherwise, and an offer
  without `nombre_semaines` (or a free activity) runs to the end of the programme.
- `horaires_accueil` is OpenStreetMap `opening_hours`, read with `opening-hours-py`. It is
  evaluated without a country, so `PH off` closes nothing: a programme plans ordinary weeks, and
  a bank holiday is not a reason to reject a weekly slot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import opening_hours

from catalogue import formats
from catalogue.programmes.erreurs import ErreurChamp, SaisieInvalide

#: OSM day codes, Monday to Saturday (a programme has no Sunday slot)
JOURS = ("Mo", "Tu", "We", "Th", "Fr", "Sa")
NOMS_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
_ALIAS_JOURS = {
    **{code.lower(): i for i, code in enumerate(JOURS)},
    **{nom: i for i, nom in enumerate(NOMS_JOURS)},
    **{nom[:3]: i for i, nom in enumerate(NOMS_JOURS)},
}
_DIMANCHE = ("su", "dimanche", "dim")
_HEURE = re.compile(r"^\s*(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?\s*$", re.IGNORECASE)

#: the most a week can hold (a full-time working week); anything above is a typing error
HEURES_MAX_SEMAINE = 35.0
SEMAINES_MAX = 52
MINUTES_JOUR = 24 * 60

SOURCES_HEURES = ("creneaux", "offre", "supposee", "declaree", "inconnue")
LIBELLES_SOURCES = {
    "creneaux": "d'après les créneaux choisis",
    "offre": "volume indiqué par la structure",
    "supposee": "estimation du référent, l'offre n'indique pas d'heures",
    "declaree": "heures indiquées par le référent",
    "inconnue": "heures inconnues : comptées 0 h",
}


# ------------------------------------------------------------------------------------------------
# Time of day


def lire_heure(valeur: Any, champ: str) -> int:
    """`09:30`, `9:30`, `9h30`, `9h` or `9` -> minutes since midnight; `24:00` is the end of a day."""
    m = _HEURE.match(str(valeur)) if isinstance(valeur, str | int) else None
    if m is None:
        raise SaisieInvalide.sur(champ, f"heure attendue au format HH:MM (par exemple 09:30), "
                                        f"reçu « {valeur} »")
    heures, minutes = int(m.group(1)), int(m.group(2) or 0)
    if heures > 24 or minutes > 59 or (heures == 24 and minutes):
        raise SaisieInvalide.sur(champ, f"heure impossible « {valeur} » (de 00:00 à 24:00)")
    return heures * 60 + minutes


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def heure_lisible(minutes: int) -> str:
    """`9 h`, `13 h 30`: how a time is written for the person."""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def duree_lisible(heures: float) -> str:
    """`3 h`, `1 h 30`, `0 h 45`."""
    return formats.heures(heures)


def lire_jour(valeur: Any, champ: str) -> int:
    """`Mo` (OSM), `lundi` or `lun` -> 0; Sunday is refused (plans run Monday to Saturday)."""
    cle = str(valeur).strip().lower() if isinstance(valeur, str) else ""
    if cle in _ALIAS_JOURS:
        return _ALIAS_JOURS[cle]
    if cle in _DIMANCHE:
        raise SaisieInvalide.sur(champ, "pas de créneau le dimanche : du lundi au samedi seulement")
    raise SaisieInvalide.sur(champ, f"jour inconnu « {valeur} » (Mo, Tu, We, Th, Fr, Sa ou lundi … "
                                    "samedi)")


# ------------------------------------------------------------------------------------------------
# Weekly slots


@dataclass(frozen=True, order=True)
class Creneau:
    """A weekly time slot: day (0 = Monday … 5 = Saturday) and minutes since midnight."""

    jour: int
    debut: int
    fin: int

    @property
    def heures(self) -> float:
        return (self.fin - self.debut) / 60

    def chevauche(self, autre: Creneau) -> bool:
        return self.jour == autre.jour and self.debut < autre.fin and autre.debut < self.fin

    def as_dict(self) -> dict[str, str]:
        return {"jour": JOURS[self.jour], "debut": hhmm(self.debut), "fin": hhmm(self.fin)}

    def libelle(self) -> str:
        """`le lundi de 9 h à 12 h`."""
        return (f"le {NOMS_JOURS[self.jour]} de {heure_lisible(self.debut)} "
                f"à {heure_lisible(self.fin)}")

    def court(self) -> str:
        """`lun. 09:00-12:00`."""
        return f"{NOMS_JOURS[self.jour][:3]}. {hhmm(self.debut)}-{hhmm(self.fin)}"


def creneaux_en_mots(creneaux: Iterable[Creneau]) -> str:
    """`le lundi de 9 h à 12 h et de 14 h à 16 h, et le jeudi de 9 h à 11 h`: each day named once."""
    par_jour: dict[int, list[Creneau]] = {}
    for c in sorted(creneaux):
        par_jour.setdefault(c.jour, []).append(c)
    jours = [f"le {NOMS_JOURS[jour]} " + " et ".join(
        f"de {heure_lisible(c.debut)} à {heure_lisible(c.fin)}" for c in liste)
        for jour, liste in par_jour.items()]
    return ", et ".join(jours) if any(len(v) > 1 for v in par_jour.values()) else " et ".join(jours)


def lire_creneau(valeur: Any, champ: str) -> Creneau:
    """One slot from `{jour, debut, fin}`; every error names its sub-field."""
    if not isinstance(valeur, Mapping):
        raise SaisieInvalide.sur(champ, "créneau attendu : {jour, debut, fin}")
    erreurs: list[ErreurChamp] = []
    lus: dict[str, int] = {}
    for cle, lire in (("jour", lire_jour), ("debut", lire_heure), ("fin", lire_heure)):
        try:
            lus[cle] = lire(valeur.get(cle), f"{champ}.{cle}")
        except SaisieInvalide as exc:
            erreurs += exc.erreurs
    if not erreurs and lus["fin"] <= lus["debut"]:
        erreurs.append(ErreurChamp(f"{champ}.fin", "la fin doit être après le début"))
    if erreurs:
        raise SaisieInvalide(erreurs)
    return Creneau(lus["jour"], lus["debut"], lus["fin"])


def lire_creneaux(valeurs: Any, champ: str, fusionner: bool = False) -> tuple[Creneau, ...]:
    """A list of slots (or their text form, `lire_texte_creneaux`), sorted. Overlapping slots are
    refused, or merged with `fusionner` (unavailable times: "weekdays 11:30-13:30" and "Wednesday
    13:00-18:00" simply add up)."""
    if valeurs is None:
        return ()
    if isinstance(valeurs, str):
        valeurs = lire_texte_creneaux(valeurs, champ)
    if not isinstance(valeurs, list | tuple):
        raise SaisieInvalide.sur(champ, "liste de créneaux attendue")
    erreurs: list[ErreurChamp] = []
    creneaux: list[Creneau] = []
    for i, valeur in enumerate(valeurs):
        try:
            creneaux.append(lire_creneau(valeur, f"{champ}[{i}]"))
        except SaisieInvalide as exc:
            erreurs += exc.erreurs
    if erreurs:
        raise SaisieInvalide(erreurs)
    if fusionner:
        return fusion_creneaux(creneaux)
    for i, (a, b) in enumerate(zip(sorted(creneaux), sorted(creneaux)[1:], strict=False)):
        if a.chevauche(b):
            raise SaisieInvalide.sur(f"{champ}[{i + 1}]", f"{b.court()} chevauche {a.court()}")
    return tuple(sorted(creneaux))


def fusion_creneaux(creneaux: Iterable[Creneau]) -> tuple[Creneau, ...]:
    """Overlapping or touching slots of the same day merged into one."""
    fusion: list[Creneau] = []
    for c in sorted(creneaux):
        if fusion and fusion[-1].jour == c.jour and c.debut <= fusion[-1].fin:
            fusion[-1] = Creneau(c.jour, fusion[-1].debut, max(c.fin, fusion[-1].fin))
        else:
            fusion.append(c)
    return tuple(fusion)


def heures_creneaux(creneaux: Iterable[Creneau]) -> float:
    return round(sum(c.heures for c in creneaux), 4)


def heures_en_double(creneaux: Iterable[Creneau]) -> float:
    """Hours counted twice when slots (of different activities) overlap: their sum minus the
    length of their union. A person is in one place at a time: totals count an overlap once."""
    liste = list(creneaux)
    return round(heures_creneaux(liste) - heures_creneaux(fusion_creneaux(liste)), 4)


# ------------------------------------------------------------------------------------------------
# Weekly hours of an activity


@dataclass(frozen=True)
class Heures:
    """Weekly hours of an activity and where the figure comes from (`SOURCES_HEURES`)."""

    valeur: float
    source: str

    @property
    def incertaine(self) -> bool:
        """Shown as such: an estimate or an unknown figure."""
        return self.source in ("supposee", "inconnue")

    @property
    def libelle_source(self) -> str:
        return LIBELLES_SOURCES[self.source]


def heures_hebdomadaires(creneaux: Sequence[Creneau], volume_offre: float | None,
                         heures_saisies: float | None, avec_offre: bool) -> Heures:
    """The rule of the module docstring: slots, then the offer's volume, then the référent's figure."""
    if creneaux:
        return Heures(heures_creneaux(creneaux), "creneaux")
    if avec_offre and volume_offre is not None:
        return Heures(float(volume_offre), "offre")
    if heures_saisies is not None:
        return Heures(float(heures_saisies), "supposee" if avec_offre else "declaree")
    return Heures(0.0, "inconnue")


# ------------------------------------------------------------------------------------------------
# Weeks


def semaines_actives(semaine_debut: int, semaine_fin: int | None, nombre_semaines_offre: int | None,
                     duree_programme: int) -> range:
    """Weeks (1-based) an activity runs: the référent's last week, else the offer's length from
    the first week (DORA), else to the end of the programme; never past the programme."""
    if semaine_fin is None:
        semaine_fin = (semaine_debut + nombre_semaines_offre - 1 if nombre_semaines_offre
                       else duree_programme)
    return range(semaine_debut, min(semaine_fin, duree_programme) + 1)


def debut_semaine(debut_programme: dt.date, numero: int) -> dt.date:
    return debut_programme + dt.timedelta(weeks=numero - 1)


def date_du_jour(debut_programme: dt.date, numero: int, jour: int) -> dt.date:
    """The date of weekday `jour` inside week `numero` of a programme (weeks need not start on
    a Monday)."""
    premier = debut_semaine(debut_programme, numero)
    return premier + dt.timedelta(days=(jour - premier.weekday()) % 7)


def fin_programme(debut_programme: dt.date, nombre_semaines: int) -> dt.date:
    """Last day of the programme (inclusive)."""
    return debut_programme + dt.timedelta(weeks=nombre_semaines, days=-1)


def plages_de_semaines(valeurs: Sequence[float]) -> list[tuple[int, int, float]]:
    """Consecutive weeks with equal hours, as (first, last, hours): `semaines 1 à 4 : 15 h`."""
    plages: list[tuple[int, int, float]] = []
    for numero, valeur in enumerate(valeurs, start=1):
        if plages and plages[-1][2] == valeur:
            plages[-1] = (plages[-1][0], numero, valeur)
        else:
            plages.append((numero, numero, valeur))
    return plages


# ------------------------------------------------------------------------------------------------
# Opening hours

Ouvertures = tuple[tuple[tuple[int, int], ...], ...]
"""Open intervals (minutes) per weekday 0..5 over one week."""

#: an ordinary week (no bank holiday, term time) used to read the *usual* pattern of an offer
SEMAINE_DE_REFERENCE = dt.date(2025, 3, 3)


def horaires_lisibles(horaires: str | None) -> bool:
    return bool(horaires) and bool(opening_hours.validate(horaires or ""))


@lru_cache(maxsize=16384)
def ouvertures(horaires: str, debut: dt.date = SEMAINE_DE_REFERENCE) -> Ouvertures | None:
    """Open intervals of an `opening_hours` string during the 7 days from `debut`, per weekday;
    None when the string cannot be read. Cached: catalogues repeat the same strings a lot."""
    if not opening_hours.validate(horaires):
        return None
    expression = opening_hours.OpeningHours(horaires)
    depart = dt.datetime.combine(debut, dt.time())
    jours: list[list[tuple[int, int]]] = [[] for _ in JOURS]
    for a, b, etat, _ in expression.intervals(depart, depart + dt.timedelta(days=7)):
        if etat == opening_hours.State.OPEN:
            for jour, debut_min, fin_min in _par_jour(a, b):
                jours[jour.weekday()].append((debut_min, fin_min))
    return tuple(tuple(_fusionner(j)) for j in jours)


def _fusionner(intervalles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    fusion: list[tuple[int, int]] = []
    for a, b in sorted(intervalles):
        if fusion and a <= fusion[-1][1]:
            fusion[-1] = (fusion[-1][0], max(b, fusion[-1][1]))
        else:
            fusion.append((a, b))
    return fusion


def sans_indisponibilites(ouvert: Ouvertures, indisponibles: Iterable[Creneau]) -> tuple[Creneau, ...]:
    """The open intervals as slots, minus the times the person is not available."""
    libres: list[Creneau] = []
    for jour, intervalles in enumerate(ouvert):
        trous = sorted((c.debut, c.fin) for c in indisponibles if c.jour == jour)
        for debut, fin in intervalles:
            for t_debut, t_fin in trous:
                if t_debut < fin and debut < t_fin:
                    if debut < t_debut:
                        libres.append(Creneau(jour, debut, t_debut))
                    debut = max(debut, t_fin)
            if debut < fin:
                libres.append(Creneau(jour, debut, fin))
    return tuple(libres)


def contient(ouvert: Ouvertures, creneau: Creneau) -> bool:
    return any(a <= creneau.debut and creneau.fin <= b for a, b in ouvert[creneau.jour])


def heures_ouvertes(ouvert: Ouvertures) -> float:
    return sum(b - a for jour in ouvert for a, b in jour) / 60


def semaines_hors_horaires(creneau: Creneau, horaires: str, debut_programme: dt.date,
                           semaines: Iterable[int]) -> list[int]:
    """Weeks of the programme in which the slot is not inside the offer's opening hours."""
    semaines = list(semaines)
    if not semaines:
        return []
    if toutes_semaines_pareilles(horaires):
        ouvert = ouvertures(horaires)
        return [] if ouvert is None or contient(ouvert, creneau) else semaines
    par_semaine = ouvertures_par_semaine(horaires, debut_programme, _arrondi(max(semaines)))
    if par_semaine is None:
        return []
    return [n for n in semaines if not contient(par_semaine[n - 1], creneau)]


#: the words of opening hours that are the same every week: days, times, `off`, and the public
#: and school holidays (`PH`, `SH`: the opening-hours package does not know their dates, the
#: programme's calendar does, `calendrier`)
_MOTS_DE_LA_SEMAINE = re.compile(r"(Mo|Tu|We|Th|Fr|Sa|Su|PH|SH|off|closed|open|24/7|\d\d:\d\d)")


@lru_cache(maxsize=16384)
def toutes_semaines_pareilles(horaires: str) -> bool:
    """Whether the opening hours are the same every week (no months, dates, week numbers, nth day
    of the month...): then the reference week says it all, without reading every real week."""
    return all(_MOTS_DE_LA_SEMAINE.fullmatch(mot) for mot in re.split(r"[\s,;\-]+", horaires.strip()) if mot)


def _arrondi(semaines: int) -> int:
    """Quarters of a year: a few cache entries serve every activity of a programme."""
    return -(-semaines // 13) * 13


@lru_cache(maxsize=8192)
def ouvertures_par_semaine(horaires: str, debut_programme: dt.date, nombre_semaines: int
                           ) -> tuple[Ouvertures, ...] | None:
    """Open intervals of every week of a programme, read in one pass over the whole period (several
    times faster than week by week); None when the string cannot be read."""
    if not opening_hours.validate(horaires):
        return None
    depart = dt.datetime.combine(debut_programme, dt.time())
    semaines: list[list[list[tuple[int, int]]]] = [[[] for _ in JOURS] for _ in range(nombre_semaines)]
    fin = depart + dt.timedelta(weeks=nombre_semaines)
    for a, b, etat, _ in opening_hours.OpeningHours(horaires).intervals(depart, fin):
        if etat == opening_hours.State.OPEN:
            for jour, debut_min, fin_min in _par_jour(a, b):
                semaines[(jour - debut_programme).days // 7][jour.weekday()].append((debut_min, fin_min))
    return tuple(tuple(tuple(_fusionner(j)) for j in semaine) for semaine in semaines)


def _par_jour(a: dt.datetime, b: dt.datetime) -> Iterator[tuple[dt.date, int, int]]:
    """An open interval cut at midnights: (date, start, end in minutes), Monday to Saturday only."""
    while a < b:
        minuit = dt.datetime.combine(a.date() + dt.timedelta(days=1), dt.time())
        fin = min(b, minuit)
        if a.weekday() < len(JOURS):
            fin_min = MINUTES_JOUR if fin == minuit else fin.hour * 60 + fin.minute
            yield a.date(), a.hour * 60 + a.minute, fin_min
        a = fin


def decrire_ouvertures(ouvert: Ouvertures) -> str:
    """`lundi 09:00-12:00 ; mardi 14:00-17:00`, for error messages."""
    return " ; ".join(
        f"{NOMS_JOURS[j]} " + ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in intervalles)
        for j, intervalles in enumerate(ouvert) if intervalles
    ) or "jamais ouvert du lundi au samedi"


# ------------------------------------------------------------------------------------------------
# Slots as text (forms and command line)

_LIGNE = re.compile(r"^\s*(?P<jours>[^\d]+?)\s+(?P<debut>\d{1,2}\s*(?:[:h]\s*\d{0,2})?)\s*[-–à]+\s*"
                    r"(?P<fin>\d{1,2}\s*(?:[:h]\s*\d{0,2})?)\s*$", re.IGNORECASE)


def lire_texte_creneaux(texte: str | None, champ: str) -> list[dict[str, str]]:
    """`lundi-vendredi 11:30-13:30; mercredi 14h-18h` -> slots as dicts (one per day).

    One slot per line or per `;`; days as names, abbreviations or OSM codes, with ranges (`lun-ven`)
    and lists (`lundi,jeudi`). Errors name the field and the line."""
    creneaux: list[dict[str, str]] = []
    erreurs: list[ErreurChamp] = []
    morceaux = [m for m in re.split(r"[;\n]", texte or "") if m.strip()]
    for numero, morceau in enumerate(morceaux, start=1):
        try:
            creneaux += _lire_ligne(morceau, f"{champ} (créneau {numero})")
        except SaisieInvalide as exc:
            erreurs += exc.erreurs
    if erreurs:
        raise SaisieInvalide(erreurs)
    return creneaux


def _lire_ligne(ligne: str, champ: str) -> list[dict[str, str]]:
    m = _LIGNE.match(ligne)
    if m is None:
        raise SaisieInvalide.sur(champ, f"« {ligne.strip()} » : écrivez par exemple « lundi 09:00-12:00 »")
    debut, fin = lire_heure(m["debut"], champ), lire_heure(m["fin"], champ)
    if fin <= debut:
        raise SaisieInvalide.sur(champ, f"« {ligne.strip()} » : la fin doit être après le début")
    return [Creneau(j, debut, fin).as_dict() for j in _lire_jours(m["jours"], champ)]


def _lire_jours(texte: str, champ: str) -> list[int]:
    jours: list[int] = []
    for partie in re.split(r"\s*(?:,|\bet\b)\s*", texte.strip()):
        bornes = [b.strip() for b in re.split(r"\s*[-–]\s*|\s+au\s+|\s+à\s+", partie) if b.strip()]
        if len(bornes) == 2:
            a, b = lire_jour(bornes[0], champ), lire_jour(bornes[1], champ)
            jours += list(range(a, b + 1)) if a <= b else []
        elif len(bornes) == 1:
            jours.append(lire_jour(bornes[0], champ))
        else:
            raise SaisieInvalide.sur(champ, f"jours illisibles « {partie} »")
    if not jours:
        raise SaisieInvalide.sur(champ, f"jours illisibles « {texte.strip()} »")
    return list(dict.fromkeys(jours))


def texte_creneaux(creneaux: Iterable[Creneau] | Iterable[Mapping[str, str]]) -> str:
    """The inverse of `lire_texte_creneaux`, one slot a line, for pre-filled forms."""
    lignes = []
    for c in creneaux:
        x = c if isinstance(c, Creneau) else lire_creneau(c, "creneaux")
        lignes.append(f"{NOMS_JOURS[x.jour]} {hhmm(x.debut)}-{hhmm(x.fin)}")
    return "\n".join(lignes)
