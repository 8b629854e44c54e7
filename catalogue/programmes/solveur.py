"""The combinatorial core of « Proposer un programme », as an integer programme solved by HiGHS.

Plain values in, chosen options out: `suggestion` builds the options (an offer, its slots, its weeks)
and their costs; this module only chooses among them. The programme:

- one binary per option; at most one option per offer, at most `activites_max` options;
- no clash: options whose slots overlap on a day, during weeks they share, exclude each other
  (one "at most one" row per point of time where several options meet: the cliques of an interval
  graph, so the rows are few and tight);
- each week at most `DEPASSEMENT_MAX` hours over what it lacks;
- minimise, in this order (the weights keep the order strict, see their comments): freins left uncovered
  (`POIDS_FREIN` each), hours missing (`POIDS_MANQUE` per hour and week), then the options' own
  costs (nearness, freshness, quality, number of activities: see `suggestion.cout`).

`choisir` starts from a known solution (the heuristic's) and stops at a time budget: it returns
the best solution found, and says whether it is proven optimal.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import highspy
import numpy as np
import numpy.typing as npt

from catalogue.programmes.heures import Creneau

#: how far over the weekly target a suggestion may take a week (a half-day workshop)
DEPASSEMENT_MAX = 3.0
#: a quarter of an hour missing in one week weighs more than every option's own cost together,
#: so no nearness ever pays for a missing hour (issue 19: the target before the distance). A plan
#: holds at most target + `DEPASSEMENT_MAX` = 18 hours a week for 26 weeks at under 13 a
#: hour-week (`suggestion.cout_horaire`: 5 for the place, 5 for 50 km, 1.5 stale, 1 quality,
#: 0.2 base) plus 5 per activity: about 6,100; a quarter hour: 0.25 × 25,000 = 6,250. (At 100 an
#: hour-week, the earlier weight, a plan one quarter hour short in three holiday weeks beat a
#: complete one a few kilometres farther: `bench/programme.py`, 3,000 offers, case 140.)
POIDS_MANQUE = 25_000.0
#: one frein left uncovered weighs more than every hour of the longest programme missing
#: (15 h × 26 weeks × `POIDS_MANQUE` ≈ 9.8e7)
POIDS_FREIN = 1e8
#: while hours are missing, the local search tries this many first options of a double change
ESSAIS_DEUX_CHANGEMENTS = 6
DEUX_CHANGEMENTS_MAX = 3
#: the local search starts from the best of the given start and this many greedy plans, each opened
#: by a different offer among those that fill the most hours alone (a big offer at other times of
#: the day leaves room for others: a plan one change cannot reach)
OUVERTURES = 8
#: a plan within this of the best is as good (one hour a week in the EPCI rather than the commune)
ECART_ADMIS = 1.0
#: below this time left, the integer programme is not started (it could not even presolve)
BUDGET_MIP_MIN_S = 0.02
_EPS = 1e-6


@dataclass(frozen=True)
class Option:
    """One way to add an offer: its slots during some weeks, what it lifts and what it costs."""

    offre_id: str
    creneaux: tuple[Creneau, ...]
    semaines: range
    heures: float
    freins: frozenset[str]
    cout: float
    #: (week, hours lost): weeks it counts less, a public holiday or school holidays closing the
    #: offer on one of its days (`calendrier`, as the week-by-week table counts them)
    pertes: tuple[tuple[int, float], ...] = ()

    def heures_par_semaine(self) -> Iterator[tuple[int, float]]:
        """(week, hours it adds to that week) over its weeks."""
        pertes = dict(self.pertes)
        for w in self.semaines:
            yield w, self.heures - pertes.get(w, 0.0)

    def heurte(self, autre: Option) -> bool:
        return (self.semaines.start < autre.semaines.stop and autre.semaines.start < self.semaines.stop
                and any(a.chevauche(b) for a in self.creneaux for b in autre.creneaux))


@dataclass(frozen=True)
class Probleme:
    """What is left to do: hours missing per week (index 0 is week 1) and freins to cover."""

    manques: tuple[float, ...]
    freins: tuple[str, ...]
    activites_max: int


@dataclass(frozen=True)
class Solution:
    choisies: tuple[int, ...]
    valeur: float
    optimale: bool


def valeur(probleme: Probleme, options: Sequence[Option], choisies: Iterable[int]) -> float:
    """The objective of a set of options (the same figure the solver minimises)."""
    choisies = list(choisies)
    ajout = _ajout(probleme, options, choisies)
    leves = set().union(*(options[i].freins for i in choisies)) if choisies else set()
    return (POIDS_FREIN * sum(1 for f in probleme.freins if f not in leves)
            + POIDS_MANQUE * sum(max(0.0, m - a) for m, a in zip(probleme.manques, ajout, strict=True))
            + sum(options[i].cout for i in choisies))


def admissible(probleme: Probleme, options: Sequence[Option], choisies: Sequence[int]) -> bool:
    """The rules the programme enforces, checked directly (for a warm start, and in tests)."""
    if len(choisies) > probleme.activites_max or len({options[i].offre_id for i in choisies}) < len(choisies):
        return False
    ajout = _ajout(probleme, options, choisies)
    if any(a > m + DEPASSEMENT_MAX + _EPS for m, a in zip(probleme.manques, ajout, strict=True)):
        return False
    return not any(options[i].heurte(options[j]) for k, i in enumerate(choisies) for j in choisies[k + 1:])


def choisir(probleme: Probleme, options: Sequence[Option], depart: Sequence[int] = (),
            budget_s: float | None = None, exact: bool = True) -> Solution:
    """The best set of options found within the budget (None: until proven optimal).

    First a local search from the start (`ameliorer`: bounded by its number of moves, not by the
    clock, so its answer is the same on a busy machine), then the integer programme started from
    its result, for the time left. Not `exact`: the integer programme only runs when the local
    search leaves hours or freins missing that the options could cover (the answer the référent
    waits for is a plan meeting the target; the local search already keeps the hours near)."""
    depart = tuple(sorted(depart)) if depart and admissible(probleme, options, depart) else ()
    if not options or probleme.activites_max <= 0:
        return Solution((), valeur(probleme, options, ()), True)
    fin = None if budget_s is None else time.perf_counter() + budget_s
    heures = heures_des_options(probleme, options)
    depart = ameliorer(probleme, options, depart, heures)
    reste = None if fin is None else fin - time.perf_counter()
    complet = not exact and _manque(probleme, options, depart) <= _EPS
    if complet or (reste is not None and reste < BUDGET_MIP_MIN_S):
        return Solution(depart, valeur(probleme, options, depart), False)
    choisies, optimale = _Modele(probleme, options, heures).resoudre([o.cout for o in options], depart,
                                                                      reste)
    if depart and valeur(probleme, options, depart) <= valeur(probleme, options, choisies) + ECART_ADMIS:
        choisies = depart
    return Solution(choisies, valeur(probleme, options, choisies), optimale)


def ameliorer(probleme: Probleme, options: Sequence[Option], depart: Sequence[int],
              heures: np.ndarray | None = None) -> tuple[int, ...]:
    """Local search on the objective: add an option, drop one, or swap one for another, as long as
    the best such move lowers the objective by more than `ECART_ADMIS`; while hours or freins are
    missing, also two changes at once (one offer's slots moved to make room for another), at most
    `DEUX_CHANGEMENTS_MAX` times. Every option is tried at once (numpy), so a move costs a few
    array operations."""
    voisinage = _Voisinage(probleme, options,
                           heures_des_options(probleme, options) if heures is None else heures)
    departs = [tuple(sorted(depart)), *(voisinage.glouton((j,)) for j in voisinage.ouvertures(OUVERTURES))]
    courant = min(departs, key=lambda d: valeur(probleme, options, d))
    actuelle = valeur(probleme, options, courant)
    doubles = 0
    while True:
        meilleure, mouvement = voisinage.un_changement(courant, actuelle)
        if (mouvement == courant and doubles < DEUX_CHANGEMENTS_MAX
                and _manque(probleme, options, courant) > _EPS):
            doubles += 1
            meilleure, mouvement = voisinage.deux_changements(courant, actuelle)
        if mouvement == courant:
            return courant
        courant, actuelle = mouvement, meilleure


def heures_des_options(probleme: Probleme, options: Sequence[Option]) -> np.ndarray:
    """Hours each option adds to each week (rows: options; column 0 is week 1)."""
    semaines = np.arange(1, len(probleme.manques) + 1)
    debuts = np.array([o.semaines.start for o in options]).reshape(-1, 1)
    fins = np.array([o.semaines.stop for o in options]).reshape(-1, 1)
    heures = ((semaines >= debuts) & (semaines < fins)) * np.array([o.heures for o in options]).reshape(-1, 1)
    for i, o in enumerate(options):
        for w, perte in o.pertes:
            heures[i, w - 1] -= perte
    return np.asarray(heures, dtype=np.float64)


class _Voisinage:
    """The options as arrays: weekly hours, freins, slots as bit masks (6 days of quarter hours)."""

    def __init__(self, probleme: Probleme, options: Sequence[Option], heures: np.ndarray) -> None:
        self.probleme, self.options = probleme, options
        n = len(options)
        self.heures = heures
        self.freins = np.array([[f in o.freins for f in probleme.freins] for o in options], dtype=bool
                               ).reshape(n, len(probleme.freins))
        self.couts = np.array([o.cout for o in options])
        self.manques = np.array(probleme.manques)
        self.debuts = np.array([o.semaines.start for o in options])
        self.fins = np.array([o.semaines.stop for o in options])
        self.masques = np.array([_masque(o.creneaux) for o in options], dtype=np.uint64)
        ids = {ident: k for k, ident in enumerate(sorted({o.offre_id for o in options}))}
        self.offres = np.array([ids[o.offre_id] for o in options])
        self._exclues: dict[int, npt.NDArray[np.bool_]] = {}

    def exclues_par(self, i: int) -> npt.NDArray[np.bool_]:
        """The options that cannot go with option `i`: the same offer, or a clash (kept: the local
        search asks again and again about the few options of its current plan)."""
        if (exclues := self._exclues.get(i)) is None:
            semaines = (self.debuts < self.fins[i]) & (self.debuts[i] < self.fins)
            heurtees = semaines & (self.masques & self.masques[i]).any(axis=1)
            exclues = (self.offres == self.offres[i]) | heurtees
            self._exclues[i] = exclues
        return exclues

    def ouvertures(self, combien: int) -> list[int]:
        """The options that leave the fewest hours missing alone (then the cheapest), one per offer."""
        plafond = self.manques + DEPASSEMENT_MAX + _EPS
        ok: npt.NDArray[np.bool_] = np.asarray((self.heures <= plafond).all(axis=1))
        manque = np.maximum(self.manques - self.heures, 0.0).sum(axis=1)
        choisies: list[int] = []
        offres: set[int] = set()
        for j in np.lexsort((self.couts, manque)):
            if ok[j] and int(self.offres[j]) not in offres:
                choisies.append(int(j))
                offres.add(int(self.offres[j]))
                if len(choisies) == combien:
                    break
        return choisies

    def glouton(self, debut: tuple[int, ...]) -> tuple[int, ...]:
        """From `debut`, the option that lowers the objective most, again and again."""
        courant, actuelle = debut, valeur(self.probleme, self.options, debut)
        while len(courant) < self.probleme.activites_max:
            v, j = self.meilleurs_ajouts(courant, 1)[0]
            if j < 0 or v >= actuelle - ECART_ADMIS:
                break
            courant, actuelle = tuple(sorted((*courant, j))), v
        return courant

    def un_changement(self, courant: tuple[int, ...], actuelle: float) -> tuple[float, tuple[int, ...]]:
        """The best of: one option added, one dropped, one swapped for another."""
        meilleure, mouvement = actuelle, courant
        for reste in [courant, *(combinations(courant, len(courant) - 1) if courant else ())]:
            if len(reste) < self.probleme.activites_max:
                v, j = self.meilleurs_ajouts(reste, 1)[0]
                if j >= 0 and v < meilleure - ECART_ADMIS:
                    meilleure, mouvement = v, tuple(sorted((*reste, j)))
            if len(reste) < len(courant):
                v = valeur(self.probleme, self.options, reste)
                if v < meilleure - ECART_ADMIS:
                    meilleure, mouvement = v, reste
        return meilleure, mouvement

    def deux_changements(self, courant: tuple[int, ...], actuelle: float) -> tuple[float, tuple[int, ...]]:
        """Two options added after dropping up to two: each of the best few first additions,
        then the best second one."""
        meilleure, mouvement = actuelle, courant
        for retirees in range(min(2, len(courant)) + 1):
            for reste in combinations(courant, len(courant) - retirees):
                if len(reste) + 2 > self.probleme.activites_max:
                    continue
                for _, j in self.meilleurs_ajouts(reste, ESSAIS_DEUX_CHANGEMENTS):
                    if j < 0:
                        break
                    v, k = self.meilleurs_ajouts((*reste, j), 1)[0]
                    if k >= 0 and v < meilleure - ECART_ADMIS:
                        meilleure, mouvement = v, tuple(sorted((*reste, j, k)))
        return meilleure, mouvement

    def meilleurs_ajouts(self, reste: tuple[int, ...], combien: int) -> list[tuple[float, int]]:
        """The objective with each of the `combien` best options added to `reste`, and those options
        ((inf, -1): none fits)."""
        restant = self.manques - self.heures[list(reste)].sum(axis=0) if reste else self.manques
        ok = (self.heures <= restant + DEPASSEMENT_MAX + _EPS).all(axis=1)
        for i in reste:
            ok &= ~self.exclues_par(i)
        if not ok.any():
            return [(math.inf, -1)]
        valeurs = POIDS_MANQUE * np.maximum(restant - self.heures, 0.0).sum(axis=1) + self.couts
        valeurs += sum(self.options[i].cout for i in reste)
        if self.freins.shape[1]:
            leves = self.freins[list(reste)].any(axis=0) if reste else np.zeros(self.freins.shape[1], bool)
            valeurs += POIDS_FREIN * (~(self.freins | leves)).sum(axis=1)
        valeurs[~ok] = math.inf
        if combien == 1:
            meilleurs: Sequence[int] = [int(np.argmin(valeurs))]  # the first smallest, as a stable sort
        else:
            meilleurs = np.argsort(valeurs, kind="stable")[:combien].tolist()
        return [(float(valeurs[j]), int(j)) for j in meilleurs if valeurs[j] < math.inf]


@lru_cache(maxsize=16384)
def _masque(creneaux: tuple[Creneau, ...]) -> tuple[int, ...]:
    """Quarter hours taken, Monday to Saturday, as 9 words of 64 bits (576 quarter hours)."""
    bits = 0
    for c in creneaux:
        for q in range(c.debut // 15, -(-c.fin // 15)):
            bits |= 1 << (c.jour * 96 + q)
    return tuple((bits >> (64 * k)) & (2 ** 64 - 1) for k in range(9))


def _manque(probleme: Probleme, options: Sequence[Option], choisies: Sequence[int]) -> float:
    """The objective's first two steps alone, within the options' reach: hours missing in weeks
    some option runs, and freins some option could lift."""
    ajout = _ajout(probleme, options, choisies)
    couvertes = set().union(*(o.semaines for o in options))
    a_portee = set().union(*(o.freins for o in options))
    leves = set().union(*(options[i].freins for i in choisies)) if choisies else set()
    return (sum(max(0.0, m - a) for w, (m, a) in enumerate(zip(probleme.manques, ajout, strict=True), start=1)
                if w in couvertes) + len(a_portee - leves))


def _ajout(probleme: Probleme, options: Sequence[Option], choisies: Iterable[int]) -> list[float]:
    ajout = [0.0] * len(probleme.manques)
    for i in choisies:
        for w, heures in options[i].heures_par_semaine():
            ajout[w - 1] += heures
    return ajout


class _Modele:
    """Columns: the options, then one "missing hours" column per week short of its target, then one
    "uncovered" column per frein. Rows are added as sparse lists."""

    def __init__(self, probleme: Probleme, options: Sequence[Option], heures: np.ndarray) -> None:
        self.probleme, self.options, self.heures = probleme, options, heures
        n = len(options)
        self.semaines_a_combler = [w for w, m in enumerate(probleme.manques, start=1) if m > _EPS]
        self.col_manque = {w: n + k for k, w in enumerate(self.semaines_a_combler)}
        self.col_frein = {f: n + len(self.col_manque) + k for k, f in enumerate(probleme.freins)}
        self.lignes: list[tuple[list[int], list[float], float, float]] = []
        self._lignes_semaines()
        self._lignes_freins()
        self._lignes_offres()
        self._lignes_chevauchements()

    @property
    def nombre_colonnes(self) -> int:
        return len(self.options) + len(self.col_manque) + len(self.col_frein)

    def _lignes_semaines(self) -> None:
        for w, manque in enumerate(self.probleme.manques, start=1):
            colonne = self.heures[:, w - 1]
            membres = np.flatnonzero(colonne > _EPS)
            if not len(membres):
                continue
            heures = colonne[membres]
            if heures.sum() > manque + DEPASSEMENT_MAX + _EPS:
                self.lignes.append((membres.tolist(), heures.tolist(), -np.inf, manque + DEPASSEMENT_MAX))
            if w in self.col_manque:
                self.lignes.append(([*membres.tolist(), self.col_manque[w]], [*heures.tolist(), 1.0], manque,
                                    np.inf))

    def _lignes_freins(self) -> None:
        for f, colonne in self.col_frein.items():
            leveurs = [i for i, o in enumerate(self.options) if f in o.freins]
            self.lignes.append(([*leveurs, colonne], [1.0] * (len(leveurs) + 1), 1.0, np.inf))

    def _lignes_offres(self) -> None:
        par_offre: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(self.options):
            par_offre[o.offre_id].append(i)
        for membres in par_offre.values():
            if len(membres) > 1:
                self.lignes.append((membres, [1.0] * len(membres), -np.inf, 1.0))
        if self.probleme.activites_max < len(par_offre):
            self.lignes.append((list(range(len(self.options))), [1.0] * len(self.options), -np.inf,
                                float(self.probleme.activites_max)))

    def _lignes_chevauchements(self) -> None:
        """Options whose slots overlap during weeks they share exclude each other: one "at most one"
        row per maximal group of options meeting at an instant of a day and in a week (the maximal
        cliques of two interval graphs, found by sweeping the starts and ends)."""
        vues: set[frozenset[int]] = set()
        for jour in range(6):
            tranches = [(c.debut, c.fin, i) for i, o in enumerate(self.options) for c in o.creneaux
                        if c.jour == jour]
            for presentes in _cliques_maximales(tranches):
                semaines = [(self.options[i].semaines.start, self.options[i].semaines.stop, i)
                            for i in presentes]
                for groupe in _cliques_maximales(semaines):
                    if groupe not in vues:
                        vues.add(groupe)
                        self.lignes.append((sorted(groupe), [1.0] * len(groupe), -np.inf, 1.0))

    def resoudre(self, couts: Sequence[float], depart: Sequence[int], budget_s: float | None
                 ) -> tuple[tuple[int, ...], bool]:
        """The options chosen with these costs (and whether proven optimal); the start if the solver
        found no plan in time."""
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("mip_rel_gap", 0.0)
        highs.setOptionValue("mip_abs_gap", ECART_ADMIS)
        if budget_s is not None:
            highs.setOptionValue("time_limit", max(0.001, budget_s))
        self._charger(highs, couts)
        if depart:
            highs.setSolution(self.solution_de(depart))
        highs.run()
        if highs.getInfo().primal_solution_status != 2:  # no feasible point
            return tuple(depart), False
        x = np.asarray(highs.getSolution().col_value[:len(self.options)])
        return (tuple(int(i) for i in np.flatnonzero(x > 0.5)),
                highs.getModelStatus() == highspy.HighsModelStatus.kOptimal)

    def _charger(self, highs: highspy.Highs, couts_options: Sequence[float]) -> None:
        n, total = len(self.options), self.nombre_colonnes
        couts = np.array([*couts_options, *[POIDS_MANQUE] * len(self.col_manque),
                          *[POIDS_FREIN] * len(self.col_frein)])
        hauts = np.array([1.0] * n + [self.probleme.manques[w - 1] for w in self.semaines_a_combler]
                         + [1.0] * len(self.col_frein))
        highs.addCols(total, couts, np.zeros(total), hauts, 0, np.array([], dtype=np.int32),
                      np.array([], dtype=np.int32), np.array([]))
        binaires = np.array(list(range(n)) + list(self.col_frein.values()), dtype=np.int32)
        highs.changeColsIntegrality(len(binaires), binaires,
                                    np.array([highspy.HighsVarType.kInteger] * len(binaires)))
        debuts: list[int] = []
        indices: list[int] = []
        valeurs: list[float] = []
        for membres, coefficients, _, _ in self.lignes:
            debuts.append(len(indices))
            indices += membres
            valeurs += coefficients
        highs.addRows(len(self.lignes), np.array([ligne[2] for ligne in self.lignes]),
                      np.array([ligne[3] for ligne in self.lignes]), len(indices),
                      np.array(debuts, dtype=np.int32), np.array(indices, dtype=np.int32),
                      np.array(valeurs))

    def solution_de(self, choisies: Sequence[int]) -> highspy.HighsSolution:
        """A complete feasible point from a set of options (the continuous columns follow)."""
        x = np.zeros(self.nombre_colonnes)
        x[list(choisies)] = 1.0
        ajout: dict[int, float] = defaultdict(float)
        for i in choisies:
            for w, heures in self.options[i].heures_par_semaine():
                ajout[w] += heures
        for w, colonne in self.col_manque.items():
            x[colonne] = max(0.0, self.probleme.manques[w - 1] - ajout[w])
        leves = set().union(*(self.options[i].freins for i in choisies)) if choisies else set()
        for f, colonne in self.col_frein.items():
            x[colonne] = 0.0 if f in leves else 1.0
        solution = highspy.HighsSolution()
        solution.col_value = list(x)
        solution.value_valid = True
        return solution


def _cliques_maximales(intervalles: Sequence[tuple[int, int, int]]) -> Iterator[frozenset[int]]:
    """Maximal sets (of two or more) of half-open intervals `(debut, fin, ident)` sharing a point:
    the set present just before the first end that follows a start."""
    evenements = sorted([(fin, 0, i) for _, fin, i in intervalles]
                        + [(debut, 1, i) for debut, _, i in intervalles])
    presentes: set[int] = set()
    ajout = False
    for _, est_debut, i in evenements:
        if est_debut:
            presentes.add(i)
            ajout = True
        else:
            if ajout and len(presentes) > 1:
                yield frozenset(presentes)
            ajout = False
            presentes.discard(i)
