"""Bad parameters raise `RequeteInvalide` naming them; what people type never raises."""

from __future__ import annotations

from functools import partial

import pytest

from search import Index, Requete, RequeteInvalide
from search.documents import exemple

LENS = "62498"
#: an offer taking place in Lens (so within the radius of a search from Lens)
offre = partial(exemple, code_insee=LENS)


@pytest.mark.parametrize(
    ("parametres", "nomme"),
    [
        ({"freins": ("inconnu",)}, "freins"),
        ({"categories": ("mobilite--preparer-un-permis",)}, "categories"),
        ({"thematiques": ("mobilite",)}, "thematiques"),
        ({"publics": ("jeune",)}, "publics"),
        ({"types": ("atelierz",)}, "types"),
        ({"frais": ("gratuite",)}, "frais"),
        ({"modes_accueil": ("distanciel",)}, "modes_accueil"),
        ({"statuts": ("publie",)}, "statuts"),
        ({"page": 0}, "page"),
        ({"par_page": 0}, "par_page"),
        ({"par_page": 101}, "par_page"),
        ({"heures_min": -1}, "heures_min"),
        ({"heures_min": 10, "heures_max": 5}, "heures_min"),
        ({"heures_max": float("nan")}, "heures_max"),
        ({"q": "x" * 501}, "q"),
        ({"origine": (200.0, 2.0)}, "origine"),
    ],
)
def test_parametre_invalide(parametres: dict, nomme: str) -> None:
    with pytest.raises(RequeteInvalide) as erreur:
        Requete(LENS, **parametres)
    assert erreur.value.parametre == nomme
    assert str(erreur.value).startswith(f"{nomme} : ")
    assert isinstance(erreur.value, ValueError)


def test_commune_inconnue() -> None:
    with pytest.raises(RequeteInvalide, match="commune : code INSEE inconnu « 99999 »"):
        Requete("99999")


def test_listes_normalisees() -> None:
    r = Requete(LENS, freins=["mobilite", "mobilite", "sante"], publics="jeunes")  # type: ignore[arg-type]
    assert r.freins == ("mobilite", "sante") and r.publics == ("jeunes",)


@pytest.mark.parametrize(
    "q",
    ['"atelier', "atelier)", "(cv OR permis", "cv AND NOT permis", "cv*", "permis~2", "titre:cv",
     "+cv -permis", "a^2", "[a TO z]", "{", "\\", "''", "« »", "’", "l'", "\x00", "   "],
)
def test_le_texte_n_est_jamais_une_syntaxe(tmp_path, q: str) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild([offre(id="cv", nom="Atelier CV"), offre(id="permis", nom="Permis")])
    res = index.search(Requete(LENS, q=q))
    assert res.total >= 0


def test_les_operateurs_sont_des_mots_ignores(tmp_path) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild([offre(id="cv", nom="Atelier CV pour tous")])
    assert [h.id for h in index.search(Requete(LENS, q="(atelier AND cv)")).hits] == ["cv"]
    # OR is a stop word, not an operator; « permis » is then missing, so the query is relaxed
    relachee = index.search(Requete(LENS, q='"atelier" OR "permis"'))
    assert [h.id for h in relachee.hits] == ["cv"]


def test_tous_les_mots_d_abord_puis_relache_si_trop_peu(tmp_path) -> None:
    index = Index.open(tmp_path / "index")
    docs = [offre(id=f"atelier-{i}", nom=f"Atelier numéro {i}") for i in range(6)]
    docs.append(offre(id="permis", nom="Atelier permis de conduire"))
    index.rebuild(docs)
    assert [h.id for h in index.search(Requete(LENS, q="atelier")).hits][:1] != []
    un_seul = index.search(Requete(LENS, q="atelier permis"))
    assert un_seul.hits[0].id == "permis", "the offer with every word comes first"
    assert un_seul.total == 7, "one match is too few: offers with one of the words follow"
    assert index.search(Requete(LENS, q="permis conduire")).total == 1, "relaxing adds none here"
