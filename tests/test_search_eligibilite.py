"""Eligibility of an offer for a person's commune (data·inclusion semantics).

Lens (62498) is in the CA de Lens-Liévin (246200364) and the Pas-de-Calais (62); Liévin (62510) is
in the same EPCI; Arras (62041) in the same département; Lille (59350) in the Nord; Paris 1er
(75101) is an arrondissement of Paris (75056).
"""

from __future__ import annotations

import pytest

from search import Index, Requete
from search.documents import exemple

LENS, LIEVIN, ARRAS, LILLE = "62498", "62510", "62041", "59350"
EPCI_LENS = "246200364"

CORPUS = [
    exemple(id="vide", zone_eligibilite=None),
    exemple(id="liste-vide", zone_eligibilite=[]),
    exemple(id="commune", zone_eligibilite=[LENS]),
    exemple(id="autre-commune", zone_eligibilite=[LIEVIN]),
    exemple(id="epci", zone_eligibilite=[EPCI_LENS]),
    exemple(id="departement", zone_eligibilite=["62"]),
    exemple(id="autre-departement", zone_eligibilite=["59"]),
    exemple(id="france", zone_eligibilite=["france"]),
    exemple(id="pays-france", zone_eligibilite=["99100"]),
    exemple(id="etranger", zone_eligibilite=["99134"]),
    exemple(id="a-distance", zone_eligibilite=["59"], modes_accueil=["a-distance"]),
    exemple(id="paris", zone_eligibilite=["75056"]),
]


@pytest.fixture
def index(tmp_path) -> Index:
    ix = Index.open(tmp_path / "index")
    ix.rebuild(CORPUS)
    return ix


def _ids(index: Index, commune: str | None) -> dict[str, str | None]:
    # the zone alone: these offers have no position, the radius is tested in test_search_rayon
    res = index.search(Requete(commune, par_page=100, rayon_km=None))
    assert res.total == len(res.hits)
    return {h.id: h.eligibilite for h in res.hits}


def test_lens(index: Index) -> None:
    assert _ids(index, LENS) == {
        "vide": "partout",
        "liste-vide": "partout",
        "commune": "commune",
        "epci": "epci",
        "departement": "departement",
        "france": "france",
        "pays-france": "france",
    }
    # "a-distance" is reserved to the Nord: being remote does not waive the zone


def test_lievin_meme_epci_autre_commune(index: Index) -> None:
    assert set(_ids(index, LIEVIN)) == {
        "vide", "liste-vide", "autre-commune", "epci", "departement", "france", "pays-france",
    }


def test_arras_meme_departement_seulement(index: Index) -> None:
    assert set(_ids(index, ARRAS)) == {
        "vide", "liste-vide", "departement", "france", "pays-france",
    }


def test_lille_autre_departement(index: Index) -> None:
    eligibles = _ids(index, LILLE)
    assert "departement" not in eligibles and "commune" not in eligibles
    assert eligibles["autre-departement"] == "departement"
    # zoned on the Nord *and* remote: eligible in the Nord, for the zone
    assert eligibles["a-distance"] == "departement"


def test_un_arrondissement_est_dans_sa_commune(index: Index) -> None:
    assert _ids(index, "75101")["paris"] == "commune"


def test_sans_commune_tout_est_trouve(index: Index) -> None:
    eligibles = _ids(index, None)
    assert set(eligibles) == {d["id"] for d in CORPUS}
    assert set(eligibles.values()) == {None}
