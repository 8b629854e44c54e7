"""A programme as plain values (`Plan`, `ActivitePlan`) and its week-by-week hours.

The database rows (`models`) are turned into a `Plan` by `service.plan_de`; checks, suggestion and
exports only ever see a `Plan`, so they are pure and testable without a database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalogue.programmes import calendrier
from catalogue.programmes import heures as h
from catalogue.programmes.calendrier import Arret
from catalogue.programmes.heures import Creneau, Heures
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires

#: weekly target of the loi pour le plein emploi, and the floor of a "remobilisation sociale" path
CIBLE_LEGALE = 15.0
PLANCHER_REMOBILISATION = 7.0


@dataclass(frozen=True)
class ActivitePlan:
    """One activity: an offer of the catalogue, or a free activity typed by the référent.

    `offre` holds the offer's v1 fields plus `statut`, `score_qualite` and `structure_nom`; it is
    None for a free activity and for an offer no longer in the catalogue (`offre_id` is kept)."""

    cle: int
    libelle: str
    creneaux: tuple[Creneau, ...] = ()
    semaine_debut: int = 1
    semaine_fin: int | None = None
    heures_saisies: float | None = None
    offre_id: str | None = None
    offre: Mapping[str, Any] | None = None
    freins_declares: tuple[str, ...] = ()
    raison: str | None = None

    @property
    def est_libre(self) -> bool:
        return self.offre_id is None

    def champ_offre(self, nom: str) -> Any:
        return None if self.offre is None else self.offre.get(nom)

    def semaines(self, duree_programme: int) -> range:
        return h.semaines_actives(self.semaine_debut, self.semaine_fin,
                                  self.champ_offre("nombre_semaines"), duree_programme)

    def heures(self) -> Heures:
        return h.heures_hebdomadaires(self.creneaux, self.champ_offre("volume_horaire_hebdomadaire"),
                                      self.heures_saisies, not self.est_libre)

    def regles_calendrier(self) -> calendrier.Regles:
        """Whether it stops on public holidays / in school holidays (the offer's `PH off`, `SH off`)."""
        return calendrier.regles_horaires(self.champ_offre("horaires_accueil"))

    def freins_leves(self) -> set[str]:
        """Freins this activity lifts: from the offer's thématiques, or as declared (free activity)."""
        return ref_freins.freins_leves(self.champ_offre("thematiques")) | set(self.freins_declares)


@dataclass(frozen=True)
class Plan:
    """The programme: the person's situation (pseudonymous), its frame and its activities."""

    commune: str
    debut: dt.date
    nombre_semaines: int
    cible: float = CIBLE_LEGALE
    publics: tuple[str, ...] = ()
    freins: tuple[str, ...] = ()
    freins_ailleurs: tuple[str, ...] = ()
    indisponibilites: tuple[Creneau, ...] = ()
    activites: tuple[ActivitePlan, ...] = ()

    @property
    def departement(self) -> str | None:
        commune = territoires.commune(self.commune)
        return commune.departement if commune else None

    def avec(self, *activites: ActivitePlan) -> Plan:
        return dataclasses.replace(self, activites=self.activites + activites)

    def prochaine_cle(self) -> int:
        return max((a.cle for a in self.activites), default=0) + 1

    def freins_couverts(self) -> set[str]:
        couverts: set[str] = set()
        for a in self.activites:
            couverts |= a.freins_leves()
        return couverts

    def freins_a_couvrir(self) -> tuple[str, ...]:
        """Freins neither lifted by an activity nor marked as handled elsewhere, in the plan's order."""
        faits = self.freins_couverts() | set(self.freins_ailleurs)
        return tuple(f for f in self.freins if f not in faits)


@dataclass(frozen=True)
class Semaine:
    """One week: planned hours against the target, and which activities count."""

    numero: int
    debut: dt.date
    heures: float
    cible: float
    #: (activity key, hours) of the activities running this week
    detail: tuple[tuple[int, float], ...]
    #: an assumed or unknown figure counts this week
    incertaine: bool
    #: hours of overlapping slots taken out of the total (counted once, not twice)
    en_double: float = 0.0
    #: activities that do not run (public holiday, school holidays) and the hours they lose
    arrets: tuple[Arret, ...] = ()

    @property
    def raisons(self) -> list[str]:
        """Why the week is short, in French."""
        return [a.raison for a in self.arrets]

    @property
    def fin(self) -> dt.date:
        return self.debut + dt.timedelta(days=6)

    @property
    def ecart(self) -> float:
        """Hours missing to reach the target (0 when reached)."""
        return round(max(0.0, self.cible - self.heures), 2)

    @property
    def atteinte(self) -> bool:
        return self.heures + 1e-6 >= self.cible


def tableau_semaines(plan: Plan) -> list[Semaine]:
    """Week by week over the whole programme: an activity counts only in the weeks it runs, not on
    the public holidays or school holidays its offer closes for (`calendrier`), and slots that
    overlap count once."""
    courses = [(a, a.semaines(plan.nombre_semaines), a.heures()) for a in plan.activites]
    departement = plan.departement
    semaines = []
    for numero in range(1, plan.nombre_semaines + 1):
        lundi = h.debut_semaine(plan.debut, numero)
        actives = [(a, hr) for a, semaines_a, hr in courses if numero in semaines_a]
        arrets = tuple(arret for a, hr in actives if (arret := calendrier.arrets(
            a.cle, a.libelle, a.creneaux, hr.valeur, a.regles_calendrier(), lundi, departement)))
        perdues = {arret.cle: arret.heures for arret in arrets}
        detail = tuple((a.cle, round(hr.valeur - perdues.get(a.cle, 0.0), 2)) for a, hr in actives)
        incertaine = any(hr.incertaine for _, hr in actives)
        en_double = h.heures_en_double(c for a, _ in actives if a.cle not in perdues
                                       for c in a.creneaux)
        total = round(sum(v for _, v in detail) - en_double, 2)
        semaines.append(Semaine(numero, lundi, total, plan.cible, detail, incertaine, en_double,
                                arrets))
    return semaines


@dataclass(frozen=True)
class Occupation:
    """A slot taken during some weeks: by an activity (`cle`) or by an unavailability (`cle` None)."""

    creneau: Creneau
    semaines: range
    cle: int | None

    def heurte(self, creneau: Creneau, semaines: range) -> bool:
        return self.creneau.chevauche(creneau) and _se_croisent(self.semaines, semaines)


def _se_croisent(a: range, b: range) -> bool:
    return bool(a) and bool(b) and a.start < b.stop and b.start < a.stop


def occupations(plan: Plan) -> list[Occupation]:
    """Every taken slot: unavailable times (all weeks) and the activities' slots (their weeks)."""
    toutes = range(1, plan.nombre_semaines + 1)
    prises = [Occupation(c, toutes, None) for c in plan.indisponibilites]
    for a in plan.activites:
        prises += [Occupation(c, a.semaines(plan.nombre_semaines), a.cle) for c in a.creneaux]
    return prises
