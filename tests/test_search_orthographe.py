"""Spelling suggestions when a word of the query matches no offer."""

from __future__ import annotations

import pytest

from search import Index, Requete
from search.documents import exemple
from search.orthographe import distance

LENS = "62498"


@pytest.fixture
def index(tmp_path) -> Index:
    ix = Index.open(tmp_path / "index")
    ix.rebuild([
        exemple(id="cuisine", nom="Atelier cuisine", description="Cuisiner avec peu de moyens."),
        exemple(id="permis", nom="Permis de conduire", description="Code et conduite."),
        exemple(id="entretien", nom="Entretien d'embauche", description="Simulations filmées."),
        exemple(id="benevolat", nom="Bénévolat", description="Associations du quartier."),
        exemple(id="brouillon", nom="Menuiserie", description="Atelier bois.", statut="brouillon"),
    ])
    return ix


def suggestions(index: Index, q: str) -> list[str]:
    return index.search(Requete(LENS, q=q)).suggestions


def test_un_mot_mal_orthographie(index: Index) -> None:
    res = index.search(Requete(LENS, q="cusine"))
    assert res.total == 0
    assert res.suggestions[0] == "cuisine"


def test_les_autres_mots_sont_gardes_tels_quels(index: Index) -> None:
    assert suggestions(index, "Atelier cusine")[0] == "Atelier cuisine"
    assert suggestions(index, "entretein d'embauche")[0] == "entretien d'embauche"


def test_accents_et_inversion(index: Index) -> None:
    assert suggestions(index, "bénéovlat")[0] == "benevolat"


def test_pas_de_suggestion_quand_tout_est_trouve(index: Index) -> None:
    assert suggestions(index, "cuisine") == []
    assert suggestions(index, "") == []


def test_pas_de_suggestion_sans_mot_proche(index: Index) -> None:
    assert suggestions(index, "zzzzzz") == []


def test_un_mot_des_seuls_brouillons_n_est_pas_propose(index: Index) -> None:
    assert index.search(Requete(LENS, q="menuiserie")).total == 0
    assert suggestions(index, "menuiseri") == []


def test_plusieurs_mots_corriges(index: Index) -> None:
    assert suggestions(index, "permsi cusine")[0] == "permis cuisine"


def test_distance_de_damerau() -> None:
    assert distance("permis", "permis", 2) == 0
    assert distance("permsi", "permis", 2) == 1  # transposition
    assert distance("cusine", "cuisine", 2) == 1
    assert distance("abc", "xyz", 2) == 3


@pytest.fixture
def terrain(tmp_path) -> Index:
    ix = Index.open(tmp_path / "terrain")
    ix.rebuild([
        exemple(id="info", nom="Atelier informatique", description="Prendre en main un ordinateur."),
        exemple(id="reunion", nom="Information collective", description="Présentation du dispositif."),
        exemple(id="permis", nom="Permis de conduire", description="Code et conduite accompagnée."),
        exemple(id="cuisine", nom="Atelier cuisine", description="Avec un chef du quartier."),
        exemple(id="siao", nom="Permanence SIAO", description="Demande d'hébergement d'urgence."),
    ])
    return ix


def _suggestions(index: Index, q: str) -> list[str]:
    return index.search(Requete(LENS, q=q)).suggestions


def test_un_mot_ecrit_comme_il_se_prononce(terrain: Index) -> None:
    # « informatik » is two edits from « information », three from « informatique », but sounds
    # like the latter
    assert _suggestions(terrain, "informatik")[0] == "informatique"


def test_une_phrase_du_vocabulaire_passe_devant(terrain: Index) -> None:
    # « condiute » is one transposition from « conduite », two edits from « conduire »; « permis
    # de conduire » is a phrase of the field
    assert _suggestions(terrain, "permiss de condiute")[0] == "permis de conduire"


def test_les_mots_du_vocabulaire_ne_sont_pas_corriges(terrain: Index) -> None:
    assert "siao" not in " ".join(_suggestions(terrain, "SIAE")).lower()
    assert _suggestions(terrain, "pas cher") == []  # an everyday phrase, not a typo of « chef »


def test_le_vocabulaire_propose_ses_mots(tmp_path) -> None:
    """A word of the vocabulary may be suggested when the offers say it with a synonym."""
    ix = Index.open(tmp_path / "index")
    ix.rebuild([exemple(id="psy", nom="Entretiens avec un psychologue", description="Gratuit.")])
    assert "psychiatre" in _suggestions(ix, "psychatre")
