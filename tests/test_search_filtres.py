"""Each filter of `Requete`, and the facet counts (checked by hand), on a small corpus where every
offer is eligible in Lens."""

from __future__ import annotations

from typing import Any

import pytest

from search import FACETTES, Index, Requete
from search.documents import exemple

LENS = "62498"
PERMIS = "mobilite--preparer-un-permis"
GARDE = "famille--garde-denfants"
CV = "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"
SOINS = "sante--acces-aux-soins"

CORPUS = [
    exemple(id="permis", thematiques=[PERMIS], publics=["jeunes"], type="formation",
            frais="payant", modes_accueil=["en-presentiel"], volume_horaire_hebdomadaire=4,
            structure_id="auto-ecole"),
    exemple(id="garde", thematiques=[GARDE], publics=["familles", "femmes"], type="accompagnement",
            frais="gratuit", modes_accueil=["en-presentiel", "a-distance"],
            volume_horaire_hebdomadaire=20),
    exemple(id="cv", thematiques=[CV], publics=["tous-publics"], type="atelier", frais="gratuit",
            modes_accueil=["a-distance"], volume_horaire_hebdomadaire=None),
    exemple(id="soins", thematiques=[SOINS, PERMIS], publics=["seniors"], type=None, frais=None,
            modes_accueil=[], volume_horaire_hebdomadaire=2.5),
    exemple(id="brouillon", thematiques=[PERMIS], statut="brouillon"),
    exemple(id="archivee", thematiques=[PERMIS], statut="archivee"),
]
#: every offer takes place in Lens (its distance is estimated from the town's centre)
CORPUS = [{**doc, "code_insee": LENS} for doc in CORPUS]  # type: ignore[misc]


@pytest.fixture
def index(tmp_path) -> Index:
    ix = Index.open(tmp_path / "index")
    ix.rebuild(CORPUS)
    return ix


def ids(index: Index, **filtres) -> set[str]:
    return {h.id for h in index.search(Requete(LENS, par_page=100, **filtres)).hits}


def test_seules_les_offres_publiees_par_defaut(index: Index) -> None:
    assert ids(index) == {"permis", "garde", "cv", "soins"}
    assert ids(index, statuts=("brouillon", "archivee")) == {"brouillon", "archivee"}


def test_freins(index: Index) -> None:
    assert ids(index, freins=("mobilite",)) == {"permis", "soins"}
    assert ids(index, freins=("parentalite",)) == {"garde"}
    assert ids(index, freins=("parentalite", "sante")) == {"garde", "soins"}
    assert ids(index, freins=("logement",)) == set()


def test_besoins_categories_et_thematiques_en_ou(index: Index) -> None:
    assert ids(index, categories=("preparer-sa-candidature",)) == {"cv"}
    assert ids(index, thematiques=(SOINS,)) == {"soins"}
    assert ids(index, categories=("famille",), thematiques=(CV,)) == {"garde", "cv"}


def test_publics_avec_tous_publics(index: Index) -> None:
    assert ids(index, publics=("jeunes",)) == {"permis", "cv"}
    assert ids(index, publics=("seniors", "femmes")) == {"soins", "garde", "cv"}
    assert ids(index, publics=("tous-publics",)) == {"cv"}


def test_types_frais_modes(index: Index) -> None:
    assert ids(index, types=("atelier", "formation")) == {"cv", "permis"}
    assert ids(index, frais=("gratuit",)) == {"garde", "cv"}
    assert ids(index, modes_accueil=("a-distance",)) == {"garde", "cv"}
    assert ids(index, modes_accueil=("en-presentiel",)) == {"permis", "garde"}


def test_plage_horaire_garde_les_heures_inconnues(index: Index) -> None:
    assert ids(index, heures_min=3, heures_max=10) == {"permis", "cv"}
    assert ids(index, heures_max=3) == {"soins", "cv"}
    assert ids(index, heures_min=15) == {"garde", "cv"}


def test_heures_connues(index: Index) -> None:
    assert ids(index, heures_connues=True) == {"permis", "garde", "soins"}
    assert ids(index, heures_connues=False) == {"cv"}
    assert ids(index, heures_min=3, heures_max=10, heures_connues=True) == {"permis"}


def test_structure(index: Index) -> None:
    assert ids(index, structure_id="auto-ecole") == {"permis"}
    assert ids(index, structure_id="inconnue") == set()


def test_les_filtres_se_cumulent(index: Index) -> None:
    assert ids(index, freins=("mobilite",), publics=("seniors",)) == {"soins"}
    assert ids(index, freins=("mobilite",), frais=("gratuit",)) == set()
    assert ids(index, q="offre", freins=("mobilite",)) == {"permis", "soins"}


# --- facets ----------------------------------------------------------------------------------


def non_nuls(comptes: dict[str, int]) -> dict[str, int]:
    return {v: n for v, n in comptes.items() if n}


def test_toutes_les_facettes_et_toutes_les_valeurs(index: Index) -> None:
    facets = index.search(Requete(LENS)).facets
    assert tuple(facets) == FACETTES
    assert len(facets["thematiques"]) == 69 and len(facets["publics"]) == 14
    assert set(facets["heures"]) == {"connues", "inconnues"}


def test_comptes_sans_filtre(index: Index) -> None:
    f = index.search(Requete(LENS)).facets  # permis, garde, cv, soins (drafts not counted)
    assert non_nuls(f["freins"]) == {"mobilite": 2, "parentalite": 1, "sante": 1}
    assert non_nuls(f["categories"]) == {
        "mobilite": 2, "famille": 1, "preparer-sa-candidature": 1, "sante": 1,
    }
    assert non_nuls(f["thematiques"]) == {PERMIS: 2, GARDE: 1, CV: 1, SOINS: 1}
    # a public counts the offers open to everyone (cv), as its filter does
    assert f["publics"]["jeunes"] == 2 and f["publics"]["seniors"] == 2
    assert f["publics"]["familles"] == 2 and f["publics"]["etudiants"] == 1
    assert f["publics"]["tous-publics"] == 1
    assert non_nuls(f["types"]) == {"formation": 1, "accompagnement": 1, "atelier": 1}
    assert non_nuls(f["frais"]) == {"payant": 1, "gratuit": 2}
    assert non_nuls(f["modes_accueil"]) == {"en-presentiel": 2, "a-distance": 2}
    assert f["heures"] == {"connues": 3, "inconnues": 1}


def test_une_facette_ignore_son_propre_filtre(index: Index) -> None:
    res = index.search(Requete(LENS, freins=("mobilite",)))  # permis, soins
    assert {h.id for h in res.hits} == {"permis", "soins"}
    assert non_nuls(res.facets["freins"]) == {"mobilite": 2, "parentalite": 1, "sante": 1}
    assert non_nuls(res.facets["categories"]) == {"mobilite": 2, "sante": 1}
    assert non_nuls(res.facets["publics"]) == {"jeunes": 1, "seniors": 1}
    assert non_nuls(res.facets["frais"]) == {"payant": 1}
    assert res.facets["heures"] == {"connues": 2, "inconnues": 0}


def test_categories_et_thematiques_partagent_le_filtre_besoins(index: Index) -> None:
    f = index.search(Requete(LENS, categories=("famille",))).facets
    assert non_nuls(f["categories"])["mobilite"] == 2  # besoins left out for both facets
    assert non_nuls(f["thematiques"])[CV] == 1
    assert non_nuls(f["freins"]) == {"parentalite": 1}


def test_heures_garde_la_plage_mais_pas_heures_connues(index: Index) -> None:
    f = index.search(Requete(LENS, heures_min=3, heures_max=10, heures_connues=True)).facets
    assert f["heures"] == {"connues": 1, "inconnues": 1}  # permis in range; cv unknown


FILTRE = {
    "freins": lambda v: {"freins": (v,)},
    "categories": lambda v: {"categories": (v,)},
    "thematiques": lambda v: {"thematiques": (v,)},
    "publics": lambda v: {"publics": (v,)},
    "types": lambda v: {"types": (v,)},
    "frais": lambda v: {"frais": (v,)},
    "modes_accueil": lambda v: {"modes_accueil": (v,)},
    "heures": lambda v: {"heures_connues": v == "connues"},
}


@pytest.mark.parametrize("autre", [{}, {"frais": ("gratuit",)}, {"publics": ("seniors",)}])
def test_un_compte_est_le_total_obtenu_en_cliquant(index: Index, autre: dict[str, Any]) -> None:
    facets = index.search(Requete(LENS, **autre)).facets
    for facette, comptes in facets.items():
        for valeur, compte in comptes.items():
            filtres = {**autre, **FILTRE[facette](valeur)}
            assert index.search(Requete(LENS, **filtres)).total == compte, (facette, valeur)
