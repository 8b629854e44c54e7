"""Opening hours shown as a readable week."""

from catalogue.horaires import en_mots, semaine_type


def test_rules_in_words():
    assert en_mots("Tu,Th 08:30-12:30; PH off") == [("Mardi", "8 h 30 – 12 h 30"),
                                                     ("Jeudi", "8 h 30 – 12 h 30")]
    assert en_mots("Mo-Fr 09:00-12:00,14:00-17:00")[0] == ("Lundi", "9 h – 12 h, 14 h – 17 h")
    assert en_mots("We 14:00-16:30") == [("Mercredi", "14 h – 16 h 30")]


def test_unreadable_or_missing_rules():
    assert en_mots("n'importe quoi") == []
    assert en_mots(None) == []
    assert semaine_type("pas des horaires") is None
