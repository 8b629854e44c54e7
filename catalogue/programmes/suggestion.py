"""« Proposer un programme »: fill the gap to the weekly target with offers of the catalogue.

Pure: it takes the `Plan` and a list of candidate offers (dicts with v1 field names plus `statut`
and `score_qualite`; `service.candidats` reads them from the database) and returns the offers
chosen, each with its slots, weeks and a one-line reason. Same plan and catalogue, same answer:
every choice is made on sorted keys ending with the offer id.

Rules, in this order:
1. never propose an offer the person cannot use: not published, outside the commune's zone, for
   other publics (`eligibilite`), or already in the plan;
2. never propose a clash: slots are placed in the offer's opening hours (or, without opening hours,
   in ordinary office hours, to be confirmed with the structure), outside the unavailable times and
   the slots already taken during the same weeks, and checked against the real dates of every week;
3. freins first: while a frein is neither lifted nor handled elsewhere, the next choice is an offer
   lifting the most of them;
4. then hours: offers with a known weekly volume, placed from the first week under target, until
   every week reaches it; no week may go more than `DEPASSEMENT_MAX` hours over the target;
5. between admissible offers, a score: how much of the remaining gap the offer fills (relative to
   the best one this round; nothing for an offer without weekly hours), how near it is, its quality
   score, a small penalty for going over.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from catalogue.programmes import eligibilite
from catalogue.programmes import heures as h
from catalogue.programmes.heures import Creneau, Ouvertures
from catalogue.programmes.plan import ActivitePlan, Occupation, Plan, occupations
from catalogue.referentiels import freins as ref_freins

#: how far over the weekly target a suggestion may take a week (a half-day workshop)
DEPASSEMENT_MAX = 3.0
#: at most this many offers per suggestion (over the whole programme: short workshops follow one
#: another, so a 26-week plan may need more than one week holds)
CHOIX_MAX = 20
#: DORA: under one hour, count 1. An offer without weekly hours, proposed to lift a frein, gets a
#: one-hour appointment to be confirmed with the structure.
HEURES_SANS_VOLUME = 1.0
#: when we cut a slot out of wide opening hours: at most this long a day, on quarter hours
SEANCE_MAX = 180
PAS = 15
POIDS_REMPLISSAGE, POIDS_PROXIMITE, POIDS_QUALITE, POIDS_DEPASSEMENT = 0.45, 0.4, 0.15, 0.1
VALEUR_PROXIMITE = {"commune": 1.0, "epci": 0.8, "departement": 0.55, "a-distance": 0.5,
                    "ailleurs": 0.2}
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

    def semaines(self, debut: int, duree_programme: int) -> range:
        return h.semaines_actives(debut, None, self.duree, duree_programme)


@dataclass(frozen=True)
class Choix:
    """One proposed offer: where it goes in the week, in which weeks, and why."""

    offre: Mapping[str, Any]
    creneaux: tuple[Creneau, ...]
    semaines: range
    freins: tuple[str, ...]
    raison: str

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


def proposer(plan: Plan, offres: Sequence[Mapping[str, Any]],
             origine: tuple[float, float] | None = None) -> Proposition:
    """Choose offers to reach the weekly target; see the module docstring for the rules."""
    candidats = preparer(plan, offres, origine)
    etat = _Etat.depuis(plan)
    while len(etat.choix) < CHOIX_MAX:
        choix = _suivant(etat, candidats)
        if choix is None:
            break
        etat.ajouter(choix)
        candidats = [c for c in candidats if c.id != choix.offre["id"]]
    return Proposition(tuple(etat.choix), etat.plan, tuple(etat.sans_offre))


# ------------------------------------------------------------------------------------------------
# Candidates


def preparer(plan: Plan, offres: Sequence[Mapping[str, Any]],
             origine: tuple[float, float] | None = None) -> list[Candidat]:
    """The offers that may be proposed at all (rule 1), each prepared once, in id order."""
    deja = {a.offre_id for a in plan.activites}
    origine = origine or eligibilite.origine_de(plan.commune, offres)
    leveurs = _thematiques_a_lever(plan)
    vus: set[str] = set()
    candidats = []
    for offre in sorted(offres, key=lambda o: str(o["id"])):
        ident = str(offre["id"])
        if ident in deja or ident in vus or not _utile(offre, leveurs) or not _proposable(offre, plan):
            continue
        vus.add(ident)
        candidat = _candidat(offre, plan, origine)
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


def _candidat(offre: Mapping[str, Any], plan: Plan,
              origine: tuple[float, float] | None) -> Candidat | None:
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
        distance=eligibilite.distance_km(origine, offre),
        qualite=qualite,
        ouvert=ouvert, horaires_connus=bool(horaires),
    )


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
        prevues = [0.0] * plan.nombre_semaines
        for a in plan.activites:
            for w in a.semaines(plan.nombre_semaines):
                prevues[w - 1] += a.heures().valeur
        return cls(plan, prevues, occupations(plan), list(plan.freins_a_couvrir()))

    def manque(self, semaine: int) -> float:
        return max(0.0, self.plan.cible - self.prevues[semaine - 1])

    def debuts_a_combler(self) -> list[int]:
        """First week of each run of weeks under target: where a new activity can start."""
        sous = [w for w in range(1, self.plan.nombre_semaines + 1) if self.manque(w) > 1e-6]
        return [w for w in sous if w - 1 not in sous]

    def ajouter(self, choix: Choix) -> None:
        activite = choix.activite(self.plan.prochaine_cle(), self.plan.nombre_semaines)
        self.plan = self.plan.avec(activite)
        for w in choix.semaines:
            self.prevues[w - 1] += choix.heures
        self.occupees += [Occupation(c, choix.semaines, activite.cle) for c in choix.creneaux]
        self.restants = [f for f in self.restants if f not in activite.freins_leves()]
        self.choix.append(choix)


# ------------------------------------------------------------------------------------------------
# Choosing


def _suivant(etat: _Etat, candidats: list[Candidat]) -> Choix | None:
    """Rule 3, then rule 4."""
    while etat.restants:
        leveurs = [c for c in candidats if c.freins & set(etat.restants)]
        for debut in etat.debuts_a_combler() or [1]:
            choix = _meilleur(etat, leveurs, debut, pour_freins=True)
            if choix is not None:
                return choix
        # no offer can lift what is left: say so, and go on with hours
        etat.sans_offre += etat.restants
        etat.restants = []
    heures = [c for c in candidats if c.volume_connu]
    for debut in etat.debuts_a_combler():
        choix = _meilleur(etat, heures, debut, pour_freins=False)
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


def _meilleur(etat: _Etat, candidats: list[Candidat], debut: int, pour_freins: bool) -> Choix | None:
    """The best-ranked admissible candidate that can be placed without a clash."""
    apports = _apports(etat, candidats, debut)
    admis = [(c, a) for c, a in apports if a.depassement <= DEPASSEMENT_MAX + 1e-9
             and (pour_freins or a.utiles > 1e-6)]
    if not admis:
        return None
    meilleurs_utiles = max(a.utiles for _, a in admis)
    restants = set(etat.restants)
    ordre = sorted(admis, key=lambda ca: (
        -len(ca[0].freins & restants) if pour_freins else 0,
        -_score(ca[0], ca[1], meilleurs_utiles),
        math.inf if ca[0].distance is None else ca[0].distance,
        ca[0].id,
    ))
    for c, a in ordre:
        creneaux = placer(c, etat.plan, etat.occupees, a.semaines)
        if creneaux is not None:
            return Choix(c.offre, creneaux, a.semaines, tuple(sorted(c.freins & restants)),
                         _raison(c, a.semaines, c.freins & restants))
    return None


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
            + POIDS_QUALITE * c.qualite - POIDS_DEPASSEMENT * a.depassement / DEPASSEMENT_MAX)


# ------------------------------------------------------------------------------------------------
# Placing slots


def placer(c: Candidat, plan: Plan, occupees: Sequence[Occupation],
           semaines: range) -> tuple[Creneau, ...] | None:
    """Slots for the candidate during these weeks, clashing with nothing taken; None if impossible.

    When the offer's opening hours add up to its weekly volume they *are* its sessions: all are
    taken or none. Otherwise (a permanence open all week) sessions are cut out of the free time."""
    prises = [o.creneau for o in occupees if o.semaines.start < semaines.stop
              and semaines.start < o.semaines.stop]
    if c.horaires_connus and abs(h.heures_ouvertes(c.ouvert) - c.heures) < 0.01:
        creneaux: tuple[Creneau, ...] | None = tuple(
            Creneau(j, a, b) for j, jour in enumerate(c.ouvert) for a, b in jour)
        if any(x.chevauche(p) for x in creneaux or () for p in prises):
            return None
    else:
        creneaux = _decouper(c.ouvert, prises, round(c.heures * 60 / PAS) * PAS)
    if not creneaux or not _ouvert_chaque_semaine(c, creneaux, plan, semaines):
        return None
    return creneaux


def _decouper(ouvert: Ouvertures, prises: Sequence[Creneau], minutes: int) -> tuple[Creneau, ...] | None:
    """Sessions of at most `SEANCE_MAX`, one a day, earliest free time first."""
    restant, creneaux = minutes, []
    for jour, intervalles in enumerate(ouvert):
        if restant <= 0:
            break
        for a, b in _libres(intervalles, [p for p in prises if p.jour == jour]):
            duree = min(restant, b - a, SEANCE_MAX) // PAS * PAS
            if duree >= min(restant, 60):
                creneaux.append(Creneau(jour, a, a + duree))
                restant -= duree
                break
    return tuple(creneaux) if restant <= 0 and creneaux else None


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
    return not any(h.semaines_hors_horaires(cr, horaires, plan.debut, semaines) for cr in creneaux)


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
    parties.append(f"qualité {c.qualite:.2f}".replace(".", ","))
    return " · ".join(parties)
