"""data·inclusion's filters: minimum quality score, producers (`sources`), where the offer itself
takes place (commune, département, région), and duplicates folded (`exclure_doublons`)."""

from __future__ import annotations

from typing import Any

import pytest

from search import Index, Requete, RequeteInvalide
from search.documents import exemple

LENS, LIEVIN, ARRAS, RENNES = "62498", "62510", "62041", "35238"

CORPUS = [
    exemple(id="a", source="dora", score_qualite=0.9, code_insee=LENS, groupe_doublons="g1"),
    exemple(id="b", source="france-travail", score_qualite=0.5, code_insee=LIEVIN,
            groupe_doublons="g1"),
    exemple(id="c", source="dora", score_qualite=0.3, code_insee=ARRAS),
    exemple(id="d", source="soliguide", score_qualite=None, code_insee=RENNES),
]


@pytest.fixture
def index(tmp_path) -> Index:
    ix = Index.open(tmp_path / "index")
    ix.rebuild(CORPUS)
    return ix


def ids(index: Index, **filtres: Any) -> set[str]:
    res = index.search(Requete(None, par_page=100, **filtres))
    assert res.total == len(res.hits)
    return {h.id for h in res.hits}


def test_score_qualite_minimum(index: Index) -> None:
    assert ids(index, score_qualite_minimum=0.5) == {"a", "b"}
    assert ids(index, score_qualite_minimum=0.0) == {"a", "b", "c", "d"}
    with pytest.raises(RequeteInvalide):
        Requete(None, score_qualite_minimum=1.5)


def test_sources(index: Index) -> None:
    assert ids(index, sources=("dora",)) == {"a", "c"}
    assert ids(index, sources=("dora", "soliguide")) == {"a", "c", "d"}
    assert ids(index, sources=("inconnue",)) == set()


def test_localisation_de_l_offre(index: Index) -> None:
    assert ids(index, localisation_communes=(LENS,)) == {"a"}
    assert ids(index, localisation_departements=("62",)) == {"a", "b", "c"}
    assert ids(index, localisation_regions=("53",)) == {"d"}  # Bretagne
    with pytest.raises(RequeteInvalide) as erreur:
        Requete(None, localisation_departements=("999",))
    assert erreur.value.parametre == "localisation_departements"


def test_exclure_doublons_garde_la_meilleure(index: Index) -> None:
    assert ids(index, exclure_doublons=True) == {"a", "c", "d"}
    # the best of the cluster among the results: b when a is filtered out
    assert ids(index, exclure_doublons=True, sources=("france-travail",)) == {"b"}
    res = index.search(Requete(None, exclure_doublons=True))
    assert res.facets["publics"]["tous-publics"] == 3
