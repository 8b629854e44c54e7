"""Checks shown on a programme: each finding is a French sentence the référent can act on.

Levels: `erreur` (the plan cannot work as written: a clash, an offer the person cannot use),
`alerte` (something to fix or confirm: a frein left uncovered, hours unknown, weeks under target),
`info` (worth knowing: an assumed figure, hours differing from the offer's).

Kinds (`code`): chevauchement, indisponibilite, hors-horaires, horaires-illisibles,
frein-non-couvert, hors-zone, hors-rayon, publics, publics-inconnus, offre-suspendue, offre-archivee,
offre-brouillon, offre-introuvable, offre-hors-catalogue, offre-ancienne, au-dela-de-l-offre,
heures-inconnues, heures-supposees, volume-different, sous-la-cible, cible-atteinte.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from catalogue.formats import compte
from catalogue.programmes import eligibilite
from catalogue.programmes import heures as h
from catalogue.programmes.plan import ActivitePlan, Plan, Semaine, tableau_semaines
from catalogue.referentiels import freins as ref_freins
from catalogue.referentiels import vocabulaires
from search import RAYON_KM_DEFAUT

NIVEAUX = ("erreur", "alerte", "info")
#: an offer whose record was last updated longer ago than this is "past its date": to be confirmed
ANCIENNETE_MAX = dt.timedelta(days=365)


@dataclass(frozen=True)
class Constat:
    code: str
    niveau: str
    message: str
    #: key of the activity concerned (None: the whole programme)
    activite: int | None = None


def controler(plan: Plan, aujourdhui: dt.date | None = None,
              semaines: list[Semaine] | None = None) -> list[Constat]:
    """Every finding on the plan, errors first, then in the order of the activities."""
    jour = aujourdhui or dt.date.today()
    constats = [
        *_chevauchements(plan),
        *_indisponibilites(plan),
        *(c for a in plan.activites for c in _activite(plan, a, jour)),
        *_freins(plan),
        *_cible(plan, semaines if semaines is not None else tableau_semaines(plan)),
    ]
    return sorted(constats, key=lambda c: NIVEAUX.index(c.niveau))


def _nom(a: ActivitePlan) -> str:
    return f"« {a.libelle} »"


def _semaines_texte(semaines: range) -> str:
    if len(semaines) == 1:
        return f"semaine {semaines.start}"
    return f"semaines {semaines.start} à {semaines[-1]}"


def _communes(a: range, b: range) -> range:
    return range(max(a.start, b.start), min(a.stop, b.stop))


# ------------------------------------------------------------------------------------------------
# Time


def _chevauchements(plan: Plan) -> Iterator[Constat]:
    n = plan.nombre_semaines
    for a, b in combinations(plan.activites, 2):
        communes = _communes(a.semaines(n), b.semaines(n))
        if not communes:
            continue
        for ca in a.creneaux:
            for cb in b.creneaux:
                if ca.chevauche(cb):
                    yield Constat("chevauchement", "erreur",
                                  f"{_nom(a)} ({ca.court()}) et {_nom(b)} ({cb.court()}) ont lieu en "
                                  f"même temps, {_semaines_texte(communes)}.", b.cle)


def _indisponibilites(plan: Plan) -> Iterator[Constat]:
    for a in plan.activites:
        for c in a.creneaux:
            for i in plan.indisponibilites:
                if c.chevauche(i):
                    yield Constat("indisponibilite", "erreur",
                                  f"{_nom(a)} ({c.court()}) tombe sur un moment où la personne "
                                  f"n'est pas disponible ({i.court()}).", a.cle)


def _horaires(plan: Plan, a: ActivitePlan) -> Iterator[Constat]:
    horaires = a.champ_offre("horaires_accueil")
    if not horaires or not a.creneaux:
        return
    if not h.horaires_lisibles(horaires):
        yield Constat("horaires-illisibles", "info",
                      f"Les horaires de {_nom(a)} (« {horaires} ») sont illisibles : vérifiez les "
                      "créneaux avec la structure.", a.cle)
        return
    semaines = a.semaines(plan.nombre_semaines)
    for c in a.creneaux:
        hors = h.semaines_hors_horaires(c, horaires, plan.debut, semaines)
        if hors:
            niveau = "erreur" if len(hors) == len(semaines) else "alerte"
            quand = "" if niveau == "erreur" else f" ({compte(len(hors), 'semaine')} sur {len(semaines)})"
            yield Constat("hors-horaires", niveau,
                          f"{_nom(a)} : le créneau {c.court()} est en dehors des horaires d'accueil "
                          f"« {horaires} »{quand}.", a.cle)


# ------------------------------------------------------------------------------------------------
# Offers


def _activite(plan: Plan, a: ActivitePlan, aujourdhui: dt.date) -> Iterator[Constat]:
    if not a.est_libre and a.offre is None:
        yield Constat("offre-introuvable", "erreur",
                      f"{_nom(a)} : l'offre « {a.offre_id} » n'est plus dans le catalogue.", a.cle)
    if a.offre is not None and a.offre.get("hors_catalogue"):
        yield Constat("offre-hors-catalogue", "alerte",
                      f"L'offre {_nom(a)} n'est pas dans ce catalogue : ses informations viennent du "
                      "fichier importé.", a.cle)
    if a.offre is not None:
        yield from _statut(a, aujourdhui)
        yield from _eligibilite(plan, a)
        yield from _horaires(plan, a)
        yield from _duree(plan, a)
    yield from _heures(a)


_STATUTS = {
    "suspendue": ("offre-suspendue", "erreur", "est suspendue : elle n'accueille personne pour le "
                                               "moment"),
    "archivee": ("offre-archivee", "erreur", "est archivée : elle n'existe plus"),
    "brouillon": ("offre-brouillon", "alerte", "n'est pas encore publiée"),
}


def _statut(a: ActivitePlan, aujourdhui: dt.date) -> Iterator[Constat]:
    statut = a.champ_offre("statut")
    if statut in _STATUTS:
        code, niveau, texte = _STATUTS[statut]
        yield Constat(code, niveau, f"L'offre {_nom(a)} {texte}.", a.cle)
    date_maj = _date(a.champ_offre("date_maj"))
    if date_maj is not None and aujourdhui - date_maj > ANCIENNETE_MAX:
        yield Constat("offre-ancienne", "alerte",
                      f"L'offre {_nom(a)} n'a pas été mise à jour depuis le "
                      f"{date_maj.strftime('%d/%m/%Y')} : vérifiez auprès de la structure "
                      "qu'elle est toujours proposée.", a.cle)


def est_ancienne(date_maj: object, aujourdhui: dt.date) -> bool:
    """Not updated for over a year (`ANCIENNETE_MAX`); an unreadable date says nothing."""
    date = _date(date_maj)
    return date is not None and aujourdhui - date > ANCIENNETE_MAX


def _date(valeur: object) -> dt.date | None:
    if isinstance(valeur, dt.date):
        return valeur
    try:
        return dt.date.fromisoformat(str(valeur)) if valeur else None
    except ValueError:
        return None


def _eligibilite(plan: Plan, a: ActivitePlan) -> Iterator[Constat]:
    assert a.offre is not None
    if not eligibilite.eligible_commune(a.offre, plan.commune):
        yield Constat("hors-zone", "erreur",
                      f"L'offre {_nom(a)} n'est pas ouverte aux habitants de la commune de la "
                      "personne (zone d'éligibilité).", a.cle)
    else:
        yield from _rayon(plan, a)
    publics = a.offre.get("publics")
    if plan.publics and not publics:
        yield Constat("publics-inconnus", "alerte",
                      f"L'offre {_nom(a)} ne précise pas ses publics : vérifiez que la personne peut "
                      "y accéder.", a.cle)
    elif not eligibilite.publics_compatibles(publics, plan.publics):
        libelles = vocabulaires.libelles("publics")
        attendus = ", ".join(libelles.get(p, p) for p in publics or ())
        yield Constat("publics", "erreur",
                      f"L'offre {_nom(a)} est réservée à d'autres publics ({attendus}).", a.cle)


def _rayon(plan: Plan, a: ActivitePlan) -> Iterator[Constat]:
    """The search's radius (`eligibilite.a_portee`): an on-site offer farther than the search
    goes is worth a question, not a refusal (the person may have a way to get there)."""
    assert a.offre is not None
    gardees, distances = eligibilite.a_portee([a.offre], plan.commune)
    if not gardees[0]:
        loin = (f"a lieu à {distances[0]:.0f} km de la commune de la personne"
                if not math.isnan(distances[0]) else "n'indique pas où elle a lieu")
        yield Constat("hors-rayon", "alerte",
                      f"L'offre {_nom(a)} {loin}, au-delà des {RAYON_KM_DEFAUT:.0f} km de la "
                      "recherche, et ne se suit pas à distance : vérifiez que la personne peut s'y "
                      "rendre.", a.cle)


def _duree(plan: Plan, a: ActivitePlan) -> Iterator[Constat]:
    duree_offre = a.champ_offre("nombre_semaines")
    prevues = a.semaines(plan.nombre_semaines)
    if duree_offre and len(prevues) > duree_offre:
        yield Constat("au-dela-de-l-offre", "alerte",
                      f"L'offre {_nom(a)} dure {compte(duree_offre, 'semaine')} ; le programme la compte "
                      f"{len(prevues)} semaines ({_semaines_texte(prevues)}).", a.cle)


# ------------------------------------------------------------------------------------------------
# Hours and freins


def _heures(a: ActivitePlan) -> Iterator[Constat]:
    heures = a.heures()
    volume = a.champ_offre("volume_horaire_hebdomadaire")
    if heures.source == "inconnue":
        quoi = "L'offre" if not a.est_libre else "L'activité"
        yield Constat("heures-inconnues", "alerte",
                      f"{quoi} {_nom(a)} n'indique pas d'heures par semaine : choisissez des créneaux "
                      "ou saisissez une estimation.", a.cle)
    elif heures.source == "supposee":
        yield Constat("heures-supposees", "info",
                      f"{_nom(a)} : {h.duree_lisible(heures.valeur)} par semaine estimées par le "
                      "référent (l'offre n'indique pas d'heures).", a.cle)
    elif heures.source == "creneaux" and volume is not None and abs(volume - heures.valeur) > 0.01:
        yield Constat("volume-different", "info",
                      f"{_nom(a)} : les créneaux choisis font {h.duree_lisible(heures.valeur)} par "
                      f"semaine ; l'offre en annonce {h.duree_lisible(volume)}.", a.cle)


def _freins(plan: Plan) -> Iterator[Constat]:
    for slug in plan.freins_a_couvrir():
        frein = ref_freins.PAR_SLUG.get(slug)
        libelle = frein.label if frein else slug
        yield Constat("frein-non-couvert", "alerte",
                      f"Le frein « {libelle} » n'est levé par aucune activité : ajoutez-en une ou "
                      "indiquez qu'il est traité ailleurs.")


def _cible(plan: Plan, semaines: list[Semaine]) -> Iterator[Constat]:
    sous = [s for s in semaines if not s.atteinte]
    cible = h.duree_lisible(plan.cible)
    if not sous:
        yield Constat("cible-atteinte", "info",
                      f"L'objectif de {cible} par semaine est atteint chaque semaine.")
        return
    pire = max(sous, key=lambda s: (s.ecart, -s.numero))
    yield Constat("sous-la-cible", "alerte",
                  f"{compte(len(sous), 'semaine')} sur {len(semaines)} sous l'objectif de {cible} ; "
                  f"il manque jusqu'à {h.duree_lisible(pire.ecart)} (semaine {pire.numero}).")
