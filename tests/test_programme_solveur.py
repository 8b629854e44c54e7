"""The suggestion's combinatorial core (`solveur`): against brute force on small random instances."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.programmes import solveur
from catalogue.programmes.heures import Creneau
from catalogue.programmes.solveur import Option, Probleme

FREINS = ("mobilite", "sante", "numerique")


@st.composite
def instances(draw: Any) -> tuple[Probleme, list[Option]]:
    semaines = draw(st.integers(1, 8))
    manques = tuple(draw(st.lists(st.sampled_from((0.0, 3.0, 6.0, 10.0)), min_size=semaines,
                                  max_size=semaines)))
    options = []
    for i in range(draw(st.integers(0, 9))):
        debut = draw(st.integers(1, semaines))
        jour, heure = draw(st.integers(0, 2)), draw(st.sampled_from((540, 600, 840)))
        heures = draw(st.sampled_from((1.0, 2.0, 3.0)))
        options.append(Option(
            offre_id=f"o{draw(st.integers(0, 6))}",
            creneaux=(Creneau(jour, heure, heure + int(heures * 60)),),
            semaines=range(debut, draw(st.integers(debut, semaines)) + 1), heures=heures,
            freins=frozenset(draw(st.lists(st.sampled_from(FREINS), max_size=2))),
            cout=draw(st.integers(0, 400)) / 10 + i / 100))
    probleme = Probleme(manques, tuple(draw(st.lists(st.sampled_from(FREINS), max_size=2, unique=True))),
                        draw(st.integers(1, 4)))
    return probleme, options


def force_brute(probleme: Probleme, options: list[Option]) -> float:
    return min(solveur.valeur(probleme, options, choix)
               for k in range(probleme.activites_max + 1) for choix in combinations(range(len(options)), k)
               if solveur.admissible(probleme, options, choix))


REGLAGES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@REGLAGES
@given(instances())
def test_sans_budget_le_solveur_trouve_l_optimum(instance: tuple[Probleme, list[Option]]) -> None:
    probleme, options = instance
    solution = solveur.choisir(probleme, options)
    assert solveur.admissible(probleme, options, solution.choisies)
    assert solution.optimale
    assert solution.valeur <= force_brute(probleme, options) + solveur.ECART_ADMIS + 1e-6


@REGLAGES
@given(instances())
def test_la_recherche_locale_ne_fait_jamais_pire(instance: tuple[Probleme, list[Option]]) -> None:
    probleme, options = instance
    tailles = range(probleme.activites_max, -1, -1)
    ensembles = (c for k in tailles for c in combinations(range(len(options)), k))
    depart = next((c for c in ensembles if solveur.admissible(probleme, options, c)), ())
    trouve = solveur.ameliorer(probleme, options, depart)
    assert solveur.admissible(probleme, options, trouve)
    assert solveur.valeur(probleme, options, trouve) <= solveur.valeur(probleme, options, depart) + 1e-6


def test_un_frein_passe_avant_les_heures_et_les_heures_avant_la_distance() -> None:
    lundi, mardi = Creneau(0, 540, 720), Creneau(1, 540, 720)
    probleme = Probleme((3.0,), ("mobilite",), 1)
    options = [Option("proche", (lundi,), range(1, 2), 3.0, frozenset(), 1.0),
               Option("loin", (mardi,), range(1, 2), 3.0, frozenset(), 30.0),
               Option("permis", (mardi,), range(1, 2), 1.0, frozenset({"mobilite"}), 50.0)]
    assert solveur.choisir(probleme, options).choisies == (2,)
    assert solveur.choisir(Probleme((3.0,), (), 1), options).choisies == (0,)
