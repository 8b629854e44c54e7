"""The French formatting module: counts with their plural, short decimals, hours, percentages."""

from __future__ import annotations

import pytest

from catalogue import formats, validation
from tests.fabriques import service


@pytest.mark.parametrize(("n", "mot", "attendu"), [
    (0, "offre", "0 offre"), (1, "élément approuvé", "1 élément approuvé"),
    (2, "élément approuvé", "2 éléments approuvés"), (3, "structure répétée", "3 structures répétées"),
    (2, "ligne d'aide ou d'exemple", "2 lignes d'aide ou d'exemple"),
    (4, "document en trop", "4 documents en trop"), (1200, "offre", "1\u202f200 offres"),
])
def test_compte(n: int, mot: str, attendu: str) -> None:
    assert formats.compte(n, mot) == attendu


@pytest.mark.parametrize(("valeur", "attendu"), [
    (-3.0, "-3"), (15.5, "15,5"), (2.25, "2,25"), (0, "0"), (168, "168"), (1234.5, "1\u202f234,5")])
def test_decimal(valeur: float, attendu: str) -> None:
    assert formats.decimal(valeur) == attendu


def test_heures_et_pourcentage() -> None:
    assert formats.heures(15.5) == "15 h 30" and formats.pourcentage(0.93) == "93\u202f%"


@pytest.mark.parametrize(("champs", "message"), [
    ({"volume_horaire_hebdomadaire": -3}, "Heures par semaine entre 0 et 168 attendues (ici -3)."),
    ({"volume_horaire_hebdomadaire": 170.5}, "Heures par semaine entre 0 et 168 attendues (ici 170,5)."),
    ({"longitude": 200}, "Longitude entre -180 et 180 attendue (ici 200)."),
])
def test_messages_de_validation_en_francais(champs: dict[str, object], message: str) -> None:
    probleme = next(p for p in validation.valider_service(service(**champs)).erreurs
                    if p.champ == next(iter(champs)))
    assert probleme.message == message


def test_longueur_minimale_d_une_liste() -> None:
    assert validation._longueur(1, None).error == "Au moins 1 élément attendu."
    assert validation._longueur(2, None).error == "Au moins 2 éléments attendus."
