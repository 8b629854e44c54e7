"""French analysis and synonyms: what a référent types finds what an offer says."""

from __future__ import annotations

import pytest

from search import Index, Requete, analyse, synonymes
from search.documents import exemple


def test_elision_est_retiree() -> None:
    assert analyse.termes("L'atelier d'insertion qu'il propose") == analyse.termes(
        "atelier insertion propose"
    )
    assert analyse.terme("l'atelier") == analyse.terme("atelier")
    assert analyse.terme("jusqu'au") == analyse.terme("au")  # both stop words
    assert analyse.terme("d’enfants") == analyse.terme("enfants")  # typographic apostrophe


def test_accents_et_casse_sont_plies() -> None:
    assert analyse.termes("Crèche") == analyse.termes("creche") == analyse.termes("CRÈCHE")
    assert analyse.terme("mobilité") == analyse.terme("mobilite")
    assert analyse.terme("français") == analyse.terme("francais")
    assert analyse.terme("Œuvre") == analyse.terme("oeuvre")


@pytest.mark.parametrize(
    ("pluriel", "singulier"),
    [("ateliers", "atelier"), ("emplois", "emploi"), ("crèches", "crèche"),
     ("formations", "formation"), ("démarches", "démarche"), ("sociaux", "social")],
)
def test_pluriels_et_racines(pluriel: str, singulier: str) -> None:
    assert analyse.terme(pluriel) == analyse.terme(singulier)


def test_mots_vides_disparaissent() -> None:
    assert analyse.termes("le la les de des du pour avec et ou") == []
    assert analyse.termes("un atelier pour les jeunes") == analyse.termes("atelier jeunes")


def test_codes_et_nombres_gardes_tels_quels() -> None:
    assert analyse.termes("RSA 15h 2025") == ["rsa", "15h", "2025"]


@pytest.mark.parametrize(
    ("texte_offre", "requete"),
    [
        ("Garde d'enfants pour parents en insertion", "crèche"),
        ("Places en crèche", "garde d'enfants"),
        ("Assistantes maternelles agréées", "creche"),
        ("Auto-école sociale", "permis"),
        ("Préparer le code de la route", "permis de conduire"),
        ("Permis B accompagné", "auto-école"),
        ("Rédiger son curriculum vitae", "CV"),
        ("Atelier CV", "curriculum"),
        ("Cours de FLE", "français langue étrangère"),
        ("Français langue étrangère, niveau A1", "fle"),
    ],
)
def test_synonymes_trouves_par_la_recherche(tmp_path, texte_offre: str, requete: str) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild([
        exemple(id="oui", nom=texte_offre, description="Une offre du territoire."),
        exemple(id="non", nom="Atelier cuisine", description="Recettes de saison."),
    ])
    res = index.search(Requete(None, q=requete))
    assert [h.id for h in res.hits] == ["oui"]


def test_une_phrase_de_synonyme_est_un_seul_groupe() -> None:
    groupes = synonymes.groupes(analyse.mots_bruts("garde d'enfants à Lens"))
    assert [g.terme for g in groupes] == ["~garde-enfants", analyse.terme("lens")]
    assert groupes[0].mots == ("garde", "d'enfants")


def test_le_mot_seul_reste_un_mot() -> None:
    # "garde" alone is not the phrase "garde d'enfants": it stays a plain word
    assert [g.terme for g in synonymes.groupes(["garde"])] == [analyse.terme("garde")]


def test_toutes_les_phrases_de_la_table_s_analysent() -> None:
    for groupe in synonymes.table():
        for phrase in groupe.phrases:
            assert synonymes.groupes(analyse.mots_bruts(phrase))[0].terme == groupe.cle, phrase


def test_les_mots_de_l_offre_restent_trouvables_avec_les_synonymes(tmp_path) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild([exemple(id="a", nom="Crèche parentale", description="Accueil des enfants.")])
    assert index.search(Requete(None, q="enfants")).total == 1
    assert index.search(Requete(None, q="parentale")).total == 1
