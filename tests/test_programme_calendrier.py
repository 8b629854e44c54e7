"""Issue 18 point 10: public holidays and school holidays change the week-by-week hours.

A programme in Lens (Pas-de-Calais, school zone B) from Monday 26 April 2027, four weeks: the end
of the zone B spring holidays (until 2 May), 1 and 8 May on Saturdays, Ascension on Thursday 6 May
(and the « pont » up to Saturday 8), Whit Monday on 17 May."""

from __future__ import annotations

import datetime as dt

from catalogue.programmes import calendrier
from catalogue.programmes.plan import Plan, tableau_semaines
from tests.test_programme_fixtures import activite, creneau, offre, plan

LUNDI_26_AVRIL_2027 = dt.date(2027, 4, 26)


def _plan_de_mai() -> Plan:
    atelier = offre("atelier", nom="Atelier CV", volume_horaire_hebdomadaire=6.0,
                    horaires_accueil="Mo,Th 09:00-12:00; PH off")
    soutien = offre("soutien", nom="Groupe de parole", volume_horaire_hebdomadaire=3.0,
                    horaires_accueil="Tu 14:00-17:00; SH off")
    return plan(
        activite(1, atelier, (creneau("Mo", "09:00", "12:00"), creneau("Th", "09:00", "12:00"))),
        activite(2, soutien, (creneau("Tu", "14:00", "17:00"),)),
        activite(3, libelle="Démarches de recherche d'emploi", heures_saisies=6.0),
        debut=LUNDI_26_AVRIL_2027, nombre_semaines=4)


def test_the_may_weeks_lose_what_holidays_close_and_say_why():
    semaines = tableau_semaines(_plan_de_mai())
    assert [s.heures for s in semaines] == [12.0, 12.0, 15.0, 12.0]
    assert semaines[0].raisons == [
        "« Groupe de parole » n'a pas lieu : Vacances de printemps (zone B) (−3 h)"]
    assert semaines[1].raisons == ["« Atelier CV » n'a pas lieu : Ascension (férié) (−3 h)"]
    assert semaines[2].raisons == []
    assert semaines[3].raisons == ["« Atelier CV » n'a pas lieu : Lundi de Pentecôte (férié) (−3 h)"]
    assert dict(semaines[1].detail) == {1: 3.0, 2: 3.0, 3: 6.0}


def test_rules_come_from_the_opening_hours():
    assert calendrier.regles_horaires("Mo-Fr 09:00-12:00; PH off; SH off") == calendrier.Regles(True, True)
    assert calendrier.regles_horaires("Mo-Fr 09:00-12:00; PH off") == calendrier.Regles(True, False)
    assert calendrier.regles_horaires("Mo-Fr 09:00-12:00") == calendrier.Regles()
    assert calendrier.regles_horaires(None) == calendrier.Regles()


def test_zones_and_local_holidays():
    assert [calendrier.zone_scolaire(d) for d in ("62", "35", "48", "69", "2A")] == ["B", "B", "C", "A", None]
    assert calendrier.jour_ferie(dt.date(2027, 3, 26), "57") == "Vendredi saint", "Alsace-Moselle"
    assert calendrier.jour_ferie(dt.date(2027, 3, 26), "62") is None
    assert calendrier.vacances(dt.date(2027, 4, 28), "B") == "Vacances de printemps"
    assert calendrier.vacances(dt.date(2027, 4, 28), "A") is None


def test_a_year_without_a_published_school_calendar_is_said():
    assert calendrier.calendrier_connu(dt.date(2027, 9, 6), dt.date(2028, 3, 1), "B")
    assert not calendrier.calendrier_connu(dt.date(2028, 9, 4), dt.date(2029, 3, 1), "B")


def test_an_activity_without_slots_loses_the_closed_weekdays():
    arret = calendrier.arrets(1, "Permanence", (), 5.0, calendrier.Regles(vacances=True),
                              dt.date(2027, 4, 26), "62")
    assert arret is not None and arret.heures == 5.0
    arret = calendrier.arrets(1, "Permanence", (), 5.0, calendrier.Regles(feries=True),
                              dt.date(2027, 5, 3), "62")
    assert arret is not None and arret.heures == 1.0, "Ascension: one weekday of five"


def test_overlapping_slots_count_once_in_the_week():
    """Point 9: two activities overlapping on Monday 10:00-12:00 make 4 h, not 6 h."""
    a = offre("a", nom="Atelier A", volume_horaire_hebdomadaire=3.0)
    b = offre("b", nom="Atelier B", volume_horaire_hebdomadaire=3.0)
    p = plan(activite(1, a, (creneau("Mo", "09:00", "12:00"),)),
             activite(2, b, (creneau("Mo", "10:00", "13:00"),)),
             debut=dt.date(2027, 3, 1), nombre_semaines=2)
    assert [(s.heures, s.en_double) for s in tableau_semaines(p)] == [(4.0, 2.0), (4.0, 2.0)]
