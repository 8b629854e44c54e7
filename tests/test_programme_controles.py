"""Checks shown on a programme: one test per kind of finding, and a clean plan that has none."""

from __future__ import annotations

import datetime as dt

from catalogue.programmes.controles import Constat, controler
from catalogue.programmes.plan import Plan
from tests.test_programme_fixtures import LENS, RSA, activite, creneau, offre, plan

AUJOURDHUI = dt.date(2026, 9, 1)


def codes(p: Plan) -> dict[str, list[Constat]]:
    trouves: dict[str, list[Constat]] = {}
    for c in controler(p, AUJOURDHUI):
        trouves.setdefault(c.code, []).append(c)
    return trouves


def test_plan_propre_sans_erreur_ni_alerte() -> None:
    o = offre("o", volume_horaire_hebdomadaire=15.0, horaires_accueil="Mo-Fr 09:00-12:00")
    p = plan(activite(1, o, (creneau("Mo", "09:00", "12:00"), creneau("Tu", "09:00", "12:00"),
                             creneau("We", "09:00", "12:00"), creneau("Th", "09:00", "12:00"),
                             creneau("Fr", "09:00", "12:00"))))
    assert [(c.code, c.niveau) for c in controler(p, AUJOURDHUI)] == [("cible-atteinte", "info")]


def test_chevauchement_entre_activites_sur_les_semaines_communes() -> None:
    a = activite(1, offre("a", nombre_semaines=4), (creneau("Mo", "09:00", "12:00"),))
    b = activite(2, offre("b", nombre_semaines=4), (creneau("Mo", "11:00", "13:00"),), semaine_debut=3)
    constats = codes(plan(a, b))["chevauchement"]
    assert len(constats) == 1 and constats[0].niveau == "erreur" and constats[0].activite == 2
    assert "semaines 3 à 4" in constats[0].message


def test_pas_de_chevauchement_quand_les_semaines_se_suivent() -> None:
    a = activite(1, offre("a", nombre_semaines=4), (creneau("Mo", "09:00", "12:00"),))
    b = activite(2, offre("b", nombre_semaines=4), (creneau("Mo", "09:00", "12:00"),), semaine_debut=5)
    assert "chevauchement" not in codes(plan(a, b))


def test_creneau_sur_une_indisponibilite() -> None:
    ecole = tuple(creneau(j, "11:30", "13:30") for j in ("Mo", "Tu", "We", "Th", "Fr"))
    a = activite(1, offre("a"), (creneau("Th", "10:00", "12:00"),))
    constats = codes(plan(a, indisponibilites=ecole))["indisponibilite"]
    assert [(c.niveau, c.activite) for c in constats] == [("erreur", 1)]
    assert "jeu. 11:30-13:30" in constats[0].message


def test_creneau_hors_des_horaires_d_accueil() -> None:
    o = offre("o", horaires_accueil="Tu 14:00-17:00")
    constats = codes(plan(activite(1, o, (creneau("Tu", "09:00", "12:00"),))))["hors-horaires"]
    assert constats[0].niveau == "erreur"
    saisonniere = offre("s", horaires_accueil="Sep-Jun Mo 09:00-12:00", nombre_semaines=None)
    p = plan(activite(1, saisonniere, (creneau("Mo", "09:00", "12:00"),)), debut=dt.date(2026, 6, 1),
             nombre_semaines=17)
    partiel = codes(p)["hors-horaires"][0]
    assert partiel.niveau == "alerte" and "9 semaines sur 17" in partiel.message


def test_horaires_illisibles_signales() -> None:
    o = offre("o", horaires_accueil="le mardi matin")
    assert codes(plan(activite(1, o, (creneau("Tu", "09:00", "12:00"),))))["horaires-illisibles"]


def test_frein_non_couvert_ou_traite_ailleurs() -> None:
    mobilite = offre("m", thematiques=["mobilite--preparer-un-permis"])
    p = plan(activite(1, mobilite), freins=("mobilite", "sante", "logement"), freins_ailleurs=("logement",))
    constats = codes(p)["frein-non-couvert"]
    assert len(constats) == 1 and "Santé" in constats[0].message and constats[0].niveau == "alerte"


def test_activite_libre_leve_les_freins_declares() -> None:
    libre = activite(1, None, libelle="Démarches CAF", heures_saisies=2.0,
                     freins_declares=("acces-aux-droits",))
    assert "frein-non-couvert" not in codes(plan(libre, freins=("acces-aux-droits",)))


def test_eligibilite_commune() -> None:
    ailleurs = offre("x", zone_eligibilite=["59"])
    assert codes(plan(activite(1, ailleurs)))["hors-zone"][0].niveau == "erreur"
    a_distance = offre("d", zone_eligibilite=["62"], modes_accueil=["a-distance"])
    epci_de_lens = offre("e", zone_eligibilite=["246200364"])
    assert "hors-zone" not in codes(plan(activite(1, a_distance), activite(2, epci_de_lens)))
    # the zone applies to remote offers too: being remote only waives the search radius
    distance_nord = offre("n", zone_eligibilite=["59"], modes_accueil=["a-distance"])
    assert codes(plan(activite(1, distance_nord)))["hors-zone"][0].activite == 1


def test_eligibilite_publics() -> None:
    femmes = offre("f", publics=["femmes"])
    tous = offre("t", publics=["tous-publics"])
    inconnus = offre("i", publics=None)
    trouves = codes(plan(activite(1, femmes), activite(2, tous), activite(3, inconnus), publics=(RSA,)))
    assert [c.activite for c in trouves["publics"]] == [1]
    assert "Femmes" in trouves["publics"][0].message
    assert [c.activite for c in trouves["publics-inconnus"]] == [3]


def test_offres_suspendues_archivees_brouillons_introuvables() -> None:
    p = plan(activite(1, offre("s", statut="suspendue")), activite(2, offre("a", statut="archivee")),
             activite(3, offre("b", statut="brouillon")),
             activite(4, None, libelle="Disparue", offre_id="demo--disparue"))
    trouves = codes(p)
    assert trouves["offre-suspendue"][0].niveau == "erreur"
    assert trouves["offre-archivee"][0].niveau == "erreur"
    assert trouves["offre-brouillon"][0].niveau == "alerte"
    assert trouves["offre-introuvable"][0].activite == 4


def test_offre_perimee_et_activite_plus_longue_que_l_offre() -> None:
    vieille = offre("v", date_maj="2024-06-01")
    courte = offre("c", nombre_semaines=4)
    trouves = codes(plan(activite(1, vieille), activite(2, courte, semaine_fin=10)))
    assert "01/06/2024" in trouves["offre-ancienne"][0].message
    assert trouves["au-dela-de-l-offre"][0].activite == 2 and "10 semaines" in \
        trouves["au-dela-de-l-offre"][0].message


def test_heures_inconnues_supposees_et_volume_different() -> None:
    sans = offre("s", volume_horaire_hebdomadaire=None)
    p = plan(activite(1, sans), activite(2, offre("e", volume_horaire_hebdomadaire=None), heures_saisies=1.0),
             activite(3, offre("v", volume_horaire_hebdomadaire=6.0), (creneau("Mo", "09:00", "12:00"),)))
    trouves = codes(p)
    assert trouves["heures-inconnues"][0].activite == 1 and trouves["heures-inconnues"][0].niveau == "alerte"
    supposees = trouves["heures-supposees"][0]
    assert supposees.activite == 2 and "estimées" in supposees.message
    assert trouves["volume-different"][0].activite == 3


def test_semaines_sous_la_cible_avec_l_ecart() -> None:
    atelier = offre("a", volume_horaire_hebdomadaire=6.0, nombre_semaines=4)
    reguliere = offre("r", volume_horaire_hebdomadaire=9.0)
    constat = codes(plan(activite(1, atelier), activite(2, reguliere)))["sous-la-cible"][0]
    assert constat.message.startswith("22 semaines sur 26 sous l'objectif de 15 h")
    assert "il manque jusqu'à 6 h (semaine 5)" in constat.message


def test_erreurs_d_abord() -> None:
    p = plan(activite(1, offre("s", statut="suspendue", volume_horaire_hebdomadaire=None)),
             freins=("sante",), commune=LENS)
    niveaux = [c.niveau for c in controler(p, AUJOURDHUI)]
    assert niveaux == sorted(niveaux, key=("erreur", "alerte", "info").index)
