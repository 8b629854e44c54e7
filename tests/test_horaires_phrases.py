"""Issue 18 point 11: opening hours in French sentences, pre-filled slots outside unavailable times."""

from __future__ import annotations

import pytest

from catalogue.horaires import en_phrase
from catalogue.programmes import heures as h
from catalogue.programmes.views import creneaux_proposes


@pytest.mark.parametrize(("regle", "phrase"), [
    ("Mo-We 09:00-12:00,13:30-14:30; PH off",
     "du lundi au mercredi, 9 h–12 h et 13 h 30–14 h 30 ; fermé les jours fériés"),
    ("Mo,Th 09:00-12:00; PH off; SH off",
     "le lundi et le jeudi, 9 h–12 h ; fermé les jours fériés et pendant les vacances scolaires"),
    ("Mo-Fr 09:00-12:00; We 14:00-17:00",
     "le lundi, le mardi, le jeudi et le vendredi, 9 h–12 h ; le mercredi, 14 h–17 h"),
    ("Tu-Sa 09:30-12:30,14:00-18:00", "du mardi au samedi, 9 h 30–12 h 30 et 14 h–18 h"),
    ("Mo 09:30-12:30", "le lundi, 9 h 30–12 h 30"),
])
def test_opening_hours_read_as_a_sentence(regle: str, phrase: str):
    assert en_phrase(regle) == phrase


def test_unreadable_or_missing_hours():
    assert en_phrase("n'importe quoi") == "n'importe quoi", "shown as typed, not hidden"
    assert en_phrase(None) == ""


def test_pre_filled_slots_leave_out_the_unavailable_times():
    offre = {"horaires_accueil": "Mo,Th 09:00-12:00", "volume_horaire_hebdomadaire": 6.0}
    assert creneaux_proposes(offre) == "lundi 09:00-12:00\njeudi 09:00-12:00"
    midi = h.lire_creneaux("lundi-vendredi 11:30-13:30", "indisponibilites", fusionner=True)
    assert creneaux_proposes(offre, midi) == "lundi 09:00-11:30\njeudi 09:00-11:30"
    jeudi = h.lire_creneaux("jeudi 08:00-18:00", "indisponibilites", fusionner=True)
    assert creneaux_proposes(offre, jeudi) == "lundi 09:00-12:00"
