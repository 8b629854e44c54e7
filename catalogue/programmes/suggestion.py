"""« Proposer un programme »: fill the gap to the weekly target with offers of the catalogue.

Pure: it takes the `Plan` and a list of candidate offers (dicts with v1 field names plus `statut`,
`score_qualite` and `date_maj`; `service.candidats` reads them from the database) and returns the
offers chosen, each with its slots, weeks and a one-line reason. Same plan and catalogue, same
answer: options are built in id order and ties are broken by id.

Rules (never broken):
1. never propose an offer the person cannot use: not published, outside the commune's zone, on
   site beyond the search's radius (50 km, as the search: `eligibilite.a_portee`), for other
   publics (`eligibilite`), or already in the plan;
2. never propose a clash: slots are placed in the offer's opening hours (or, without opening hours,
   in ordinary office hours, to be confirmed with the structure), outside the unavailable times and
   the slots already taken during the same weeks, and checked against the real dates of every week;
3. no week more than `DEPASSEMENT_MAX` hours over the target; at most `activites_max` offers (a
   setting of the référent, `ACTIVITES_MAX` by default).

Objective, in this order (« pourquoi ce choix » on the page says the same):
1. lift every frein that can be lifted;
2. leave as few hours missing as possible, week by week;
3. keep the hours near the person: in her commune, then her EPCI, then the fewest kilometres per
   hour; then fresh offers (updated within a year), well documented ones, and fewer activities.

How: the heuristic below (freins first, then the largest fill, nearest first) gives a first
answer; every way to place each offer (each start week of a run under target, several slot
layouts, each week's hours net of the public and school holidays the offer closes for, as the
week-by-week table counts them) then goes to a local search, also started from greedy plans
opened by the biggest fills, and to an integer programme (`solveur`, HiGHS) started from its
answer and stopped when `BUDGET_S` has passed since the suggestion began. When the budget runs
out the best plan found so far is kept, never worse than the heuristic's.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from catalogue import formats
from catalogue.programmes import calendrier, controles, eligibilite, solveur
from catalogue.programmes import heures as h
from catalogue.programmes.heures import Creneau, Ouvertures
from catalogue.programmes.plan import ActivitePlan, Occupation, Plan, occupations, tableau_semaines
from catalogue.programmes.solveur import DEPASSEMENT_MAX, Option, Probleme
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import territoires

__all__ = ["DEPASSEMENT_MAX", "ACTIVITES_MAX", "proposer", "preparer", "placer"]

#: default most offers a suggestion adds. Four or five regular activities already make a full week
#: (a 6 h workshop, two 3 h sessions, a frein appointment and the job search); each more is one more
#: place to reach and one more structure to call. On the bench's cases the optimum with 5 activities
#: adds 3.7 (200 offers) to 4.2 (3,000 offers) on average (README, « Mesures »). The référent
#: raises it for a programme of short workshops that follow one another.
ACTIVITES_MAX = 5
#: what a référent may ask for (a week cannot hold more)
ACTIVITES_MAX_LIMITE = 12
#: time for the whole suggestion, in seconds: candidates, heuristic, local search, then the
#: solver for what is left (the page answers within 0.3 s with the database reads)
BUDGET_S = 0.1
#: DORA: under one hour, count 1. An offer without weekly hours, proposed to lift a frein, gets a
#: one-hour appointment to be confirmed with the structure.
HEURES_SANS_VOLUME = 1.0
#: when we cut a slot out of wide opening hours: at most this long a day, on quarter hours
SEANCE_MAX = 180
PAS = 15
POIDS_REMPLISSAGE, POIDS_PROXIMITE, POIDS_QUALITE, POIDS_DEPASSEMENT = 0.45, 0.4, 0.15, 0.1
POIDS_FRAICHEUR = 0.1
VALEUR_PROXIMITE = {"commune": 1.0, "epci": 0.8, "departement": 0.55, "a-distance": 0.5,
                    "ailleurs": 0.2}
#: cost of one hour of one week of an offer (the third step of the objective): where it is (an
#: EPCI hour costs what 10 km cost), how far, whether it is stale, how well documented, and a base
#: cost so that hours over the target are never free
COUT_LIEU = {"commune": 0.0, "epci": 1.0, "departement": 3.0, "a-distance": 2.0, "ailleurs": 5.0}
COUT_KM = 0.1
COUT_ANCIENNE = 1.5
COUT_QUALITE = 1.0
COUT_HEURE = 0.2
#: each activity costs as much as 25 hour-weeks in the same commune: fewer activities, if the hours
#: and the nearness are the same
COUT_ACTIVITE = 5.0
#: the timed suggestion considers the offers cheapest by the hour (nearest, freshest, best
#: documented): this many with weekly hours, and this many per frein to lift
PROCHES_HEURES = 150
PROCHES_FREIN = 30
#: at most this much added to an option's cost to break ties in a fixed order
COUT_ORDRE = 0.01
QUALITE_INCONNUE = 0.5
#: ordinary office hours (Mon-Fri 9-12, 14-17), for offers that publish no opening hours
FENETRES_PAR_DEFAUT: Ouvertures = (((540, 720), (840, 1020)),) * 5 + ((),)


@dataclass(frozen=True)
class Candidat:
    """An eligible offer, with what the choice needs computed once."""

    offre: Mapping[str, Any]
    id: str
    heures: float
    volume_connu: bool
    duree: int | None
    freins: frozenset[str]
    proximite: str
    distance: float | None
    qualite: float
    ouvert: Ouvertures
    horaires_connus: bool
    #: not updated for over a year (`controles.ANCIENNETE_MAX`)
    ancienne: bool = False

    def semaines(self, debut: int, duree_programme: int) -> range:
        return h.semaines_actives(debut, None, self.duree, duree_programme)

    @cached_property
    def regles(self) -> calendrier.Regles:
        """Whether it stops on public holidays, in school holidays (its opening hours say)."""
        return _regles(self.offre.get("horaires_accueil") if self.horaires_connus else None)

    def pertes_par_semaine(self, creneaux: tuple[Creneau, ...], plan: Plan) -> dict[int, float]:
        """Hours lost in each week where a public holiday or school holidays fall on one of its
        days: what the week-by-week table will take out."""
        fermes = calendrier.jours_fermes(self.regles, plan.debut, plan.nombre_semaines, plan.departement)
        pertes = {w: round(sum(c.heures for c in creneaux if c.jour in jours), 2)
                  for w, jours in fermes.items()}
        return {w: perte for w, perte in pertes.items() if perte > 0}

    def pertes(self, creneaux: tuple[Creneau, ...], semaines: range, plan: Plan
               ) -> tuple[tuple[int, float], ...]:
        """(week, hours lost) during these weeks (`pertes_par_semaine`)."""
        return tuple((w, p) for w, p in self.pertes_par_semaine(creneaux, plan).items() if w in semaines)

    @cached_property
    def cout_horaire(self) -> float:
        """Cost of one of its hours in one week (third step of the objective)."""
        trajet = (COUT_KM * self.distance if self.distance is not None and self.proximite != "a-distance"
                  else 0.0)
        return (COUT_HEURE + COUT_LIEU[self.proximite] + trajet + COUT_QUALITE * (1 - self.qualite)
                + (COUT_ANCIENNE if self.ancienne else 0.0))


@dataclass(frozen=True)
class Choix:
    """One proposed offer: where it goes in the week, in which weeks, and why."""

    offre: Mapping[str, Any]
    creneaux: tuple[Creneau, ...]
    semaines: range
    freins: tuple[str, ...]
    raison: str
    #: (week, hours lost to a public holiday or school holidays): `Candidat.pertes`
    pertes: tuple[tuple[int, float], ...] = ()

    @property
    def heures(self) -> float:
        return h.heures_creneaux(self.creneaux)

    def activite(self, cle: int, duree_programme: int) -> ActivitePlan:
        defaut = h.semaines_actives(self.semaines.start, None, self.offre.get("nombre_semaines"),
                                    duree_programme)
        return ActivitePlan(
            cle=cle, libelle=str(self.offre.get("nom") or self.offre["id"]), creneaux=self.creneaux,
            semaine_debut=self.semaines.start,
            semaine_fin=None if defaut == self.semaines else self.semaines[-1],
            offre_id=str(self.offre["id"]), offre=self.offre, raison=self.raison,
        )


@dataclass(frozen=True)
class Proposition:
    choix: tuple[Choix, ...]
    #: the plan with the proposed activities added
    plan: Plan
    #: freins no eligible offer could lift without a clash
    freins_sans_offre: tuple[str, ...]
    #: the most offers the référent allowed
    activites_max: int = ACTIVITES_MAX
    #: the solver proved no better plan exists (False: the budget ran out first)
    optimale: bool = True
    #: chosen offers not updated for over a year: no fresh one did as well in their place
    anciennes: tuple[str, ...] = ()
    #: every offer open to the person is over a year old
    toutes_anciennes: bool = False

    def avis_anciennes(self) -> str:
        """What the référent reads when stale offers are proposed (page and CLI)."""
        pourquoi = ("toutes les offres ouvertes à la personne sont dans ce cas" if self.toutes_anciennes
                    else "aucune offre à jour ne faisait aussi bien à leur place (freins, heures, proximité)")
        return (f"{formats.compte(len(self.anciennes), 'offre proposée')} sans mise à jour depuis plus "
                "d'un an : "
                f"{pourquoi}. Vérifiez auprès des structures qu'elles sont toujours proposées.")


def proposer(plan: Plan, offres: Sequence[Mapping[str, Any]],
             origine: tuple[float, float] | None = None, activites_max: int = ACTIVITES_MAX,
             aujourdhui: dt.date | None = None, budget_s: float | None = BUDGET_S,
             exact: bool = False) -> Proposition:
    """Choose offers to reach the weekly target; see the module docstring for the rules and the
    objective. `budget_s` None: until the solver proves the optimum; `exact`: the solver also
    works on a plan that already meets the target and lifts the freins, to bring its hours nearer,
    until `budget_s` (the bench's reference); otherwise it only runs when the local search leaves
    hours or freins missing."""
    fin = None if budget_s is None else time.perf_counter() + budget_s
    candidats = preparer(plan, offres, origine, aujourdhui)
    base = _Etat.depuis(plan)
    probleme = _probleme(base, activites_max)
    retenus = candidats if budget_s is None else plus_proches(candidats, probleme)
    depart = heuristique(plan, retenus, activites_max, base)
    options, depart_options = options_de(plan, retenus, probleme, depart)
    solution = solveur.choisir(probleme, options, depart_options,
                               None if fin is None else max(0.0, fin - time.perf_counter()),
                               exact or budget_s is None)
    etat = base.copie()
    par_id = {c.id: c for c in candidats}
    for o in _dans_l_ordre([options[i] for i in solution.choisies], etat.restants):
        c = par_id[o.offre_id]
        leves = c.freins & set(etat.restants)
        etat.ajouter(Choix(c.offre, o.creneaux, o.semaines, tuple(sorted(leves)),
                           _raison(c, o.semaines, leves), o.pertes))
    anciennes = tuple(str(c.offre["id"]) for c in etat.choix if _est_ancienne(c.offre, aujourdhui))
    return Proposition(tuple(etat.choix), etat.plan, tuple(etat.restants), activites_max,
                       solution.optimale, anciennes,
                       bool(candidats) and all(c.ancienne for c in candidats))


def _dans_l_ordre(choisies: Sequence[Option], freins: Sequence[str]) -> list[Option]:
    """How the référent reads a plan: each time, the first (by week, then slot) that lifts a frein
    still uncovered, else the first; freins lifted as they come."""
    restantes = sorted(choisies, key=lambda o: (o.semaines.start, o.creneaux, o.offre_id))
    a_lever, ordre = set(freins), []
    while restantes:
        o = next((o for o in restantes if o.freins & a_lever), restantes[0])
        restantes.remove(o)
        a_lever -= o.freins
        ordre.append(o)
    return ordre


def heuristique(plan: Plan, candidats: Sequence[Candidat], activites_max: int,
                base: _Etat | None = None) -> list[Choix]:
    """The first answer, and the fallback: freins first, then hours, in two greedy passes (the
    cheapest hours that still leave the target reachable; the largest fill), the better kept.
    `base`: the plan's state, when already computed."""
    par_id = {c.id: c for c in candidats}
    base = base or _Etat.depuis(plan)
    probleme = _probleme(base, activites_max)
    essais = [_glouton(base.copie(), candidats, activites_max, proche) for proche in (True, False)]
    return min(essais, key=lambda choix: _valeur(probleme, choix, par_id))


def _valeur(probleme: Probleme, choix: Sequence[Choix], par_id: Mapping[str, Candidat]) -> float:
    a_lever = frozenset(probleme.freins)
    options = [_option(par_id[str(c.offre["id"])], c.creneaux, c.semaines, a_lever, pertes=c.pertes)
               for c in choix]
    return solveur.valeur(probleme, options, range(len(options)))


def _glouton(etat: _Etat, candidats: Sequence[Candidat], activites_max: int, proche: bool) -> list[Choix]:
    restants = list(candidats)
    while len(etat.choix) < activites_max:
        choix = _suivant(etat, restants, proche, activites_max - len(etat.choix))
        if choix is None:
            break
        etat.ajouter(choix)
        restants = [c for c in restants if c.id != choix.offre["id"]]
    return etat.choix


# ------------------------------------------------------------------------------------------------
# Candidates


def preparer(plan: Plan, offres: Sequence[Mapping[str, Any]],
             origine: tuple[float, float] | None = None, aujourdhui: dt.date | None = None
             ) -> list[Candidat]:
    """The offers that may be proposed at all (rule 1), each prepared once, in id order."""
    deja = {a.offre_id for a in plan.activites}
    aujourdhui = aujourdhui or dt.date.today()
    leveurs = _thematiques_a_lever(plan)
    vus: set[str] = set()
    gardees = []
    for offre in sorted(offres, key=lambda o: str(o["id"])):
        ident = str(offre["id"])
        if ident in deja or ident in vus or not _utile(offre, leveurs) or not _proposable(offre, plan):
            continue
        vus.add(ident)
        gardees.append(offre)
    # the search's radius around the person (her address, else her commune's centre)
    a_portee, distances = eligibilite.a_portee(gardees, plan.commune, origine)
    if origine is None and territoires.centre(plan.commune) is None:
        # no radius, but nearness still ranks: from where the commune's offers are
        distances = eligibilite.distances_km(eligibilite.origine_de(plan.commune, offres), gardees)
    candidats = []
    for offre, garde, distance in zip(gardees, a_portee, distances, strict=True):
        candidat = _candidat(offre, plan, None if math.isnan(distance) else float(distance),
                             aujourdhui) if garde else None
        if candidat is not None:
            candidats.append(candidat)
    return candidats


def _thematiques_a_lever(plan: Plan) -> frozenset[str]:
    return frozenset(t for f in plan.freins_a_couvrir() for t in ref_freins.frein(f).toutes_thematiques())


def _utile(offre: Mapping[str, Any], leveurs: frozenset[str]) -> bool:
    """Worth preparing at all: it has weekly hours, or it lifts a frein still to cover."""
    volume = offre.get("volume_horaire_hebdomadaire")
    return (isinstance(volume, int | float) and volume > 0) or bool(leveurs.intersection(
        offre.get("thematiques") or ()))


def _proposable(offre: Mapping[str, Any], plan: Plan) -> bool:
    return (offre.get("statut", "publiee") == "publiee"
            and eligibilite.eligible(offre, plan.commune, plan.publics))


def _candidat(offre: Mapping[str, Any], plan: Plan, distance: float | None,
              aujourdhui: dt.date | None) -> Candidat | None:
    horaires = offre.get("horaires_accueil")
    ouvert = h.ouvertures(horaires) if horaires else FENETRES_PAR_DEFAUT
    if ouvert is None:  # unreadable opening hours: no slot can be placed safely
        return None
    volume = offre.get("volume_horaire_hebdomadaire")
    volume_connu = isinstance(volume, int | float) and volume > 0
    score = offre.get("score_qualite")
    qualite = float(score) if isinstance(score, int | float) else QUALITE_INCONNUE
    return Candidat(
        offre=offre, id=str(offre["id"]),
        heures=float(volume) if isinstance(volume, int | float) and volume_connu else HEURES_SANS_VOLUME,
        volume_connu=volume_connu,
        duree=offre.get("nombre_semaines") or None,
        freins=_freins(tuple(offre.get("thematiques") or ())),
        proximite=eligibilite.proximite(offre, plan.commune),
        distance=distance,
        qualite=qualite,
        ouvert=ouvert, horaires_connus=bool(horaires), ancienne=_est_ancienne(offre, aujourdhui),
    )


def _est_ancienne(offre: Mapping[str, Any], aujourdhui: dt.date | None) -> bool:
    """The same rule as the programme's « à vérifier » check."""
    return controles.est_ancienne(offre.get("date_maj"), aujourdhui or dt.date.today())


@lru_cache(maxsize=4096)
def _regles(horaires: str | None) -> calendrier.Regles:
    return calendrier.regles_horaires(horaires)


@lru_cache(maxsize=16384)
def _freins(thematiques: tuple[str, ...]) -> frozenset[str]:
    return frozenset(ref_freins.freins_leves(list(thematiques)))


# ------------------------------------------------------------------------------------------------
# State of the plan being built


@dataclass
class _Etat:
    plan: Plan
    prevues: list[float]
    occupees: list[Occupation]
    restants: list[str]
    sans_offre: list[str] = field(default_factory=list)
    choix: list[Choix] = field(default_factory=list)

    @classmethod
    def depuis(cls, plan: Plan) -> _Etat:
        """The hours of each week as the week-by-week table counts them (holidays taken out)."""
        prevues = [s.heures for s in tableau_semaines(plan)]
        return cls(plan, prevues, occupations(plan), list(plan.freins_a_couvrir()))

    def copie(self) -> _Etat:
        return _Etat(self.plan, list(self.prevues), list(self.occupees), list(self.restants),
                     list(self.sans_offre), list(self.choix))

    def manque(self, semaine: int) -> float:
        return max(0.0, self.plan.cible - self.prevues[semaine - 1])

    def debuts_a_combler(self) -> list[int]:
        """First week of each run of weeks under target: where a new activity can start."""
        sous = [w for w in range(1, self.plan.nombre_semaines + 1) if self.manque(w) > 1e-6]
        return [w for w in sous if w - 1 not in sous]

    def ajouter(self, choix: Choix) -> None:
        activite = choix.activite(self.plan.prochaine_cle(), self.plan.nombre_semaines)
        self.plan = self.plan.avec(activite)
        pertes = dict(choix.pertes)
        for w in choix.semaines:  # a proposed slot never overlaps another: nothing counts twice
            self.prevues[w - 1] += choix.heures - pertes.get(w, 0.0)
        self.occupees += [Occupation(c, choix.semaines, activite.cle) for c in choix.creneaux]
        self.restants = [f for f in self.restants if f not in activite.freins_leves()]
        self.choix.append(choix)


# ------------------------------------------------------------------------------------------------
# Choosing


def _suivant(etat: _Etat, candidats: list[Candidat], proche: bool, places: int) -> Choix | None:
    """Freins first, then hours; `places`: how many offers may still be added."""
    heures = [c for c in candidats if c.volume_connu]
    capacite = sum(sorted((c.heures for c in heures), reverse=True)[:places - 1])
    while etat.restants:
        leveurs = [c for c in candidats if c.freins & set(etat.restants)]
        for debut in etat.debuts_a_combler() or [1]:
            choix = _meilleur(etat, leveurs, debut, _Tri(True, proche, capacite))
            if choix is not None:
                return choix
        # no offer can lift what is left: say so, and go on with hours
        etat.sans_offre += etat.restants
        etat.restants = []
    for debut in etat.debuts_a_combler():
        choix = _meilleur(etat, heures, debut, _Tri(False, proche, capacite))
        if choix is not None:
            return choix
    return None


@dataclass(frozen=True)
class _Apport:
    """What a candidate brings if it starts at a given week."""

    semaines: range
    utiles: float
    depassement: float


def _apport(etat: _Etat, c: Candidat, debut: int) -> _Apport:
    semaines = c.semaines(debut, etat.plan.nombre_semaines)
    utiles = sum(min(c.heures, etat.manque(w)) for w in semaines)
    depassement = max((etat.prevues[w - 1] + c.heures - etat.plan.cible for w in semaines),
                      default=0.0)
    return _Apport(semaines, utiles, max(0.0, depassement))


@dataclass(frozen=True)
class _Tri:
    """How a greedy pass ranks candidates: for freins or hours; nearest hours first or largest fill
    first; what the offers still to add can hold at most in a week (the look-ahead)."""

    pour_freins: bool
    proche: bool
    capacite: float


def _meilleur(etat: _Etat, candidats: list[Candidat], debut: int, tri: _Tri) -> Choix | None:
    """The best-ranked admissible candidate that can be placed without a clash."""
    apports = _apports(etat, candidats, debut)
    admis = [(c, a) for c, a in apports if a.depassement <= DEPASSEMENT_MAX + 1e-9
             and (tri.pour_freins or a.utiles > 1e-6)]
    if not admis:
        return None
    meilleurs_utiles = max(a.utiles for _, a in admis)
    restants = set(etat.restants)

    atteignables: dict[tuple[float, range], bool] = {}

    def rang(ca: tuple[Candidat, _Apport]) -> tuple[Any, ...]:
        c, a = ca
        if tri.proche:
            cle = (c.heures, a.semaines)
            if cle not in atteignables:
                atteignables[cle] = _laisse_atteignable(etat, c, a, tri.capacite)
            atteignable = atteignables[cle]
            valeur: tuple[Any, ...] = (not atteignable, _cout_par_heure(c, a))
        else:
            valeur = (-_score(c, a, meilleurs_utiles),)
        return (-len(c.freins & restants) if tri.pour_freins else 0, *valeur,
                math.inf if c.distance is None else c.distance, c.id)

    ordre = sorted(admis, key=rang)
    for c, a in ordre:
        creneaux = placer(c, etat.plan, etat.occupees, a.semaines)
        if creneaux is not None:
            return Choix(c.offre, creneaux, a.semaines, tuple(sorted(c.freins & restants)),
                         _raison(c, a.semaines, c.freins & restants),
                         c.pertes(creneaux, a.semaines, etat.plan))
    return None


def _cout_par_heure(c: Candidat, a: _Apport) -> float:
    """What each useful hour costs (third step of the objective), the activity's own cost shared."""
    return (c.cout_horaire * c.heures * len(a.semaines) + COUT_ACTIVITE) / max(a.utiles, HEURES_SANS_VOLUME)


def _laisse_atteignable(etat: _Etat, c: Candidat, a: _Apport, capacite: float) -> bool:
    """After this offer, the largest weekly gap left fits in what the next offers can hold."""
    reste = max((etat.manque(w) - (c.heures if w in a.semaines else 0.0)
                 for w in range(1, etat.plan.nombre_semaines + 1)), default=0.0)
    return reste <= capacite + 1e-6


def _apports(etat: _Etat, candidats: list[Candidat], debut: int) -> Iterator[tuple[Candidat, _Apport]]:
    """Many candidates share their hours and length: compute each combination once."""
    memo: dict[tuple[float, int | None], _Apport] = {}
    for c in candidats:
        cle = (c.heures, c.duree)
        if cle not in memo:
            memo[cle] = _apport(etat, c, debut)
        yield c, memo[cle]


def _score(c: Candidat, a: _Apport, meilleurs_utiles: float) -> float:
    """An offer without a weekly volume fills nothing for sure: its one hour is an assumption."""
    remplissage = a.utiles / meilleurs_utiles if meilleurs_utiles > 0 and c.volume_connu else 0.0
    return (POIDS_REMPLISSAGE * remplissage + POIDS_PROXIMITE * VALEUR_PROXIMITE[c.proximite]
            + POIDS_QUALITE * c.qualite - POIDS_DEPASSEMENT * a.depassement / DEPASSEMENT_MAX
            - POIDS_FRAICHEUR * c.ancienne)


# ------------------------------------------------------------------------------------------------
# Options for the solver


def _probleme(etat: _Etat, activites_max: int) -> Probleme:
    return Probleme(tuple(etat.manque(w) for w in range(1, etat.plan.nombre_semaines + 1)),
                    tuple(etat.restants), activites_max)


def options_de(plan: Plan, candidats: Sequence[Candidat], probleme: Probleme, depart: Sequence[Choix]
               ) -> tuple[list[Option], list[int]]:
    """Every admissible way to add each candidate, and the indices of the heuristic's answer.

    Candidates alike in everything the rules see (hours, length, opening hours, freins to lift)
    have the same options: they are built once per kind, and only the cheapest candidates of a
    kind that a plan could hold together are kept (`_places`: none better is lost)."""
    a_lever = frozenset(probleme.freins)
    prises = occupations(plan)
    semaines = _semaines_de_depart(probleme, candidats)
    # (offer, first week, layout number: they order the options; the placement; the candidate)
    brutes: list[tuple[str, int, int, _Placement, Candidat]] = []
    for groupe in _par_sorte(candidats, a_lever).values():
        gardes = sorted(groupe, key=lambda c: (c.cout_horaire, c.id))[:_places(groupe[0], probleme)]
        for k, placement in enumerate(_placements(gardes[0], plan, prises, semaines, probleme)):
            brutes += [(c.id, placement.semaines.start, k, placement, c) for c in gardes]
    voulues = {(str(c.offre["id"]), c.semaines, c.creneaux): c for c in depart}
    ids_voulus = {cle[0] for cle in voulues}
    presentes = {(b[0], b[3].semaines, b[3].creneaux) for b in brutes if b[0] in ids_voulus}
    par_id = {c.id: c for c in candidats}
    for k, cle in enumerate(sorted(voulues.keys() - presentes, key=str)):
        # the heuristic may have cut slots the layouts above do not hold
        choix = voulues[cle]
        placement = _Placement(choix.creneaux, choix.semaines, choix.heures, choix.pertes)
        brutes.append((cle[0], choix.semaines.start, -1 - k, placement, par_id[cle[0]]))
    brutes.sort(key=lambda b: b[:3])
    freins = {c.id: c.freins & a_lever for c in candidats}
    # ties (same cost) go to the smaller id, then the earlier week and layout: one answer, always
    ordre = COUT_ORDRE / len(brutes) if brutes else 0.0
    options = [Option(ident, p.creneaux, p.semaines, p.heures, freins[ident],
                      _cout(c, p.heures, p.semaines) + ordre * i, p.pertes)
               for i, (ident, _, _, p, c) in enumerate(brutes)]
    index = {(b[0], b[3].semaines, b[3].creneaux): i for i, b in enumerate(brutes) if b[0] in ids_voulus}
    return options, [index[(str(c.offre["id"]), c.semaines, c.creneaux)] for c in depart]


@dataclass(frozen=True)
class _Placement:
    """Slots of an offer during some weeks, their hours and the hours holidays take out."""

    creneaux: tuple[Creneau, ...]
    semaines: range
    heures: float
    pertes: tuple[tuple[int, float], ...]


def _cout(c: Candidat, heures: float, semaines: range) -> float:
    """An option's own cost (the third step of the objective)."""
    return c.cout_horaire * heures * len(semaines) + COUT_ACTIVITE


def _places(c: Candidat, probleme: Probleme) -> int:
    """How many offers of this kind a plan can hold at most: as many as fit at once under the
    weekly cap, times as many runs as follow one another (at most `activites_max`)."""
    plafond = max(probleme.manques, default=0.0) + DEPASSEMENT_MAX + 1e-9
    ensemble = max(1, math.floor(plafond / c.heures))
    n = len(probleme.manques)
    return min(probleme.activites_max, ensemble * (math.ceil(n / c.duree) if c.duree else 1))


def _option(c: Candidat, creneaux: tuple[Creneau, ...], semaines: range, a_lever: frozenset[str],
            heures: float | None = None, ordre: float = 0.0,
            pertes: tuple[tuple[int, float], ...] = ()) -> Option:
    heures = h.heures_creneaux(creneaux) if heures is None else heures
    return Option(c.id, creneaux, semaines, heures, c.freins & a_lever,
                  _cout(c, heures, semaines) + ordre, pertes)


def plus_proches(candidats: Sequence[Candidat], probleme: Probleme) -> list[Candidat]:
    """What the timed suggestion considers: the `PROCHES_HEURES` cheapest offers by the hour, and
    the `PROCHES_FREIN` cheapest lifting each frein still to cover (the exact optimum of the bench
    considers them all)."""
    par_cout = sorted(candidats, key=lambda c: (c.cout_horaire, c.id))
    gardes = {c.id for c in [c for c in par_cout if c.volume_connu][:PROCHES_HEURES]}
    for f in probleme.freins:
        gardes |= {c.id for c in [c for c in par_cout if f in c.freins][:PROCHES_FREIN]}
    return [c for c in candidats if c.id in gardes]


def _par_sorte(candidats: Sequence[Candidat], a_lever: frozenset[str]
               ) -> dict[tuple[Any, ...], list[Candidat]]:
    """Candidates grouped by what the rules see; an offer without weekly hours only if it lifts a
    frein still to cover (its one hour is an assumption, not a fill)."""
    sortes: dict[tuple[Any, ...], list[Candidat]] = defaultdict(list)
    for c in candidats:
        freins = c.freins & a_lever
        if c.volume_connu or freins:
            horaires = c.offre.get("horaires_accueil") if c.horaires_connus else None
            sortes[(c.heures, c.volume_connu, c.duree, c.ouvert, horaires, freins)].append(c)
    return sortes


def _semaines_de_depart(probleme: Probleme, candidats: Sequence[Candidat]) -> tuple[list[int], list[int]]:
    """Where options may start: for an offer that lasts to the end of the programme, the first week
    of each run under target; for an offer of a few weeks, also each week under target where another
    offer started with its run would end (one workshop after another)."""
    sous = {w for w, m in enumerate(probleme.manques, start=1) if m > 1e-6}
    debuts = sorted(w for w in sous if w - 1 not in sous)
    durees = {c.duree for c in candidats if c.duree}
    enchainees = {d + n for d in debuts for n in durees} & sous
    return sorted(set(debuts) | enchainees), debuts


def _placements(c: Candidat, plan: Plan, prises: Sequence[Occupation],
                departs: tuple[list[int], list[int]], probleme: Probleme) -> Iterator[_Placement]:
    """Each slot layout of the candidate, at each start week where it clashes with nothing, keeps
    to the opening hours of every real week and takes no week too far over the target."""
    n = plan.nombre_semaines
    toutes = range(1, n + 1)
    ecourtee = c.duree is not None and c.duree < n
    trop = {w for w in toutes if c.heures > probleme.manques[w - 1] + DEPASSEMENT_MAX + 1e-9}
    for creneaux in _dispositions(c, plan, prises):
        interdites = _semaines_interdites(c, creneaux, plan, prises, toutes) | trop
        heures, pertes = h.heures_creneaux(creneaux), c.pertes_par_semaine(creneaux, plan)
        for debut in (departs[0] if ecourtee else departs[1]) or ([1] if probleme.freins else []):
            semaines = c.semaines(debut, n)
            if interdites.isdisjoint(semaines):
                yield _Placement(creneaux, semaines, heures,
                                 tuple((w, p) for w, p in pertes.items() if w in semaines) if pertes else ())


def _dispositions(c: Candidat, plan: Plan, prises: Sequence[Occupation]) -> list[tuple[Creneau, ...]]:
    """The fixed sessions of an offer whose opening hours are its sessions; otherwise sessions cut
    out of its opening hours, starting on each day, early or late, around the unavailable times
    (and around every slot already taken, whatever its weeks)."""
    if _seances_fixes(c):
        return [_seances(c)]
    minutes = round(c.heures * 60 / PAS) * PAS
    vues: list[tuple[Creneau, ...]] = []
    toujours = [o.creneau for o in prises if o.cle is None]
    for evitees in (toujours, [o.creneau for o in prises]):
        for premier in range(6):
            for tot in (True, False):
                creneaux = _decouper(c.ouvert, evitees, minutes, premier, tot)
                if creneaux is not None and creneaux not in vues:
                    vues.append(creneaux)
    return vues


def _semaines_interdites(c: Candidat, creneaux: tuple[Creneau, ...], plan: Plan,
                         prises: Sequence[Occupation], toutes: range) -> set[int]:
    """Weeks in which these slots clash with a taken slot or fall outside the real opening hours."""
    interdites = {w for o in prises for cr in creneaux if o.creneau.chevauche(cr) for w in o.semaines}
    if horaires := c.offre.get("horaires_accueil"):
        for cr in creneaux:
            interdites.update(_hors_horaires(cr, horaires, plan.debut, len(toutes)))
    return interdites


@lru_cache(maxsize=65536)
def _hors_horaires(creneau: Creneau, horaires: str, debut: dt.date, nombre_semaines: int) -> frozenset[int]:
    """Weeks of the programme in which the slot falls outside the real opening hours (cached: the
    same slots of the same opening hours come back for many offers and layouts)."""
    return frozenset(h.semaines_hors_horaires(creneau, horaires, debut, range(1, nombre_semaines + 1)))


# ------------------------------------------------------------------------------------------------
# Placing slots


def placer(c: Candidat, plan: Plan, occupees: Sequence[Occupation],
           semaines: range) -> tuple[Creneau, ...] | None:
    """Slots for the candidate during these weeks, clashing with nothing taken; None if impossible.

    When the offer's opening hours add up to its weekly volume they *are* its sessions: all are
    taken or none. Otherwise (a permanence open all week) sessions are cut out of the free time."""
    prises = [o.creneau for o in occupees if o.semaines.start < semaines.stop
              and semaines.start < o.semaines.stop]
    if _seances_fixes(c):
        creneaux: tuple[Creneau, ...] | None = _seances(c)
        if any(x.chevauche(p) for x in creneaux or () for p in prises):
            return None
    else:
        creneaux = _decouper(c.ouvert, prises, round(c.heures * 60 / PAS) * PAS)
    if not creneaux or not _ouvert_chaque_semaine(c, creneaux, plan, semaines):
        return None
    return creneaux


def _seances_fixes(c: Candidat) -> bool:
    """Its opening hours add up to its weekly volume: they *are* its sessions."""
    return c.horaires_connus and abs(h.heures_ouvertes(c.ouvert) - c.heures) < 0.01


def _seances(c: Candidat) -> tuple[Creneau, ...]:
    return tuple(Creneau(j, a, b) for j, jour in enumerate(c.ouvert) for a, b in jour)


def _decouper(ouvert: Ouvertures, prises: Sequence[Creneau], minutes: int, premier: int = 0,
              tot: bool = True) -> tuple[Creneau, ...] | None:
    """Sessions of at most `SEANCE_MAX`, one a day, from day `premier` on, at the earliest (`tot`)
    or the latest free time of the day."""
    restant, creneaux = minutes, []
    for jour in [*range(premier, len(ouvert)), *range(premier)]:
        if restant <= 0:
            break
        libres = _libres(ouvert[jour], [p for p in prises if p.jour == jour])
        for a, b in (libres if tot else reversed(libres)):
            duree = min(restant, b - a, SEANCE_MAX) // PAS * PAS
            if duree >= min(restant, 60):
                debut = a if tot else (b - duree) // PAS * PAS
                creneaux.append(Creneau(jour, debut, debut + duree))
                restant -= duree
                break
    return tuple(sorted(creneaux)) if restant <= 0 and creneaux else None


def _libres(intervalles: Sequence[tuple[int, int]], prises: Sequence[Creneau]) -> list[tuple[int, int]]:
    """Open intervals minus taken slots, each start rounded up to a quarter hour."""
    libres = []
    for a, b in intervalles:
        morceaux = [(a, b)]
        for p in sorted(prises):
            morceaux = [m for x, y in morceaux for m in ((x, min(y, p.debut)), (max(x, p.fin), y))
                        if m[0] < m[1]]
        libres += [(-(-x // PAS) * PAS, y) for x, y in morceaux if -(-x // PAS) * PAS < y]
    return libres


def _ouvert_chaque_semaine(c: Candidat, creneaux: Sequence[Creneau], plan: Plan, semaines: range) -> bool:
    """The usual week says the slot fits; the real dates must agree (seasonal opening hours)."""
    horaires = c.offre.get("horaires_accueil")
    if not horaires:
        return True
    return not any(_hors_horaires(cr, horaires, plan.debut, plan.nombre_semaines).intersection(semaines)
                   for cr in creneaux)


# ------------------------------------------------------------------------------------------------
# Reasons


def _raison(c: Candidat, semaines: range, freins: frozenset[str]) -> str:
    """One line, plain French: what it lifts, how much, where, how good."""
    parties = []
    if freins:
        libelles = " et ".join(f"« {ref_freins.PAR_SLUG[f].label} »" for f in sorted(freins))
        parties.append(f"Lève le frein {libelles}" if len(freins) == 1 else f"Lève les freins {libelles}")
    quand = (f"semaine {semaines.start}" if len(semaines) == 1
             else f"semaines {semaines.start} à {semaines[-1]}")
    parties.append(f"{h.duree_lisible(c.heures)} par semaine, {quand}")
    if not c.volume_connu:
        parties.append("durée non indiquée : 1 h de rendez-vous à confirmer")
    if not c.horaires_connus:
        parties.append("horaires à convenir avec la structure")
    lieu = eligibilite.LIBELLES_PROXIMITE[c.proximite]
    proche = c.distance is not None and c.proximite != "a-distance"
    parties.append(lieu + (f" ({c.distance:.0f} km)" if proche else ""))
    connue = isinstance(c.offre.get("score_qualite"), int | float)
    parties.append(f"qualité {formats.pourcentage(c.qualite)}" if connue else "qualité non renseignée")
    if c.ancienne:
        parties.append("pas de mise à jour depuis plus d'un an, aucune offre à jour ne faisait aussi bien")
    return " · ".join(parties)
