"""Ranking: text relevance, then nearness, then distance, then quality; pagination."""

from __future__ import annotations

from typing import Any

import pytest

from search import Index, Requete, RequeteInvalide
from search.documents import Document, exemple

LENS, LIEVIN, ARRAS, LILLE = "62498", "62510", "62041", "59350"


def meme_texte(id_: str, **valeurs: Any) -> Document:
    valeurs = {"zone_eligibilite": ["france"], **valeurs}
    return exemple(id=id_, nom="Atelier numérique", description="Initiation à l'ordinateur.",
                   **valeurs)


@pytest.fixture
def index(tmp_path) -> Index:
    return Index.open(tmp_path / "index")


def test_a_texte_egal_le_plus_proche_d_abord(index: Index) -> None:
    index.rebuild([
        meme_texte("ailleurs", code_insee=LILLE),
        meme_texte("a-distance", code_insee=LILLE, modes_accueil=["a-distance"]),
        meme_texte("departement", code_insee=ARRAS),
        meme_texte("epci", code_insee=LIEVIN),
        meme_texte("commune", code_insee=LENS),
        # on site, open to all France, place unknown: nothing says it is within reach
        meme_texte("lieu-inconnu", code_insee=None),
    ])
    res = index.search(Requete(LENS, q="numérique"))
    assert len({h.score for h in res.hits}) == 1  # same text, same score
    assert [h.id for h in res.hits] == ["commune", "epci", "departement", "a-distance", "ailleurs"]
    assert [h.proximite for h in res.hits] == [
        "commune", "epci", "departement", "a-distance", "ailleurs",
    ]


def test_a_proximite_egale_la_distance_puis_la_qualite(index: Index) -> None:
    index.rebuild([
        meme_texte("loin", code_insee=ARRAS, latitude=50.20, longitude=2.70, score_qualite=0.9),
        meme_texte("pres", code_insee=ARRAS, latitude=50.43, longitude=2.83, score_qualite=0.1),
        # no coordinates: the centre of Arras, about 16 km from the person
        meme_texte("sans-position-bonne", code_insee=ARRAS, score_qualite=0.8),
        meme_texte("sans-position-moyenne", code_insee=ARRAS, score_qualite=0.5),
    ])
    res = index.search(Requete(LENS, q="atelier", origine=(50.43, 2.83)))
    assert [h.id for h in res.hits] == [
        "pres", "sans-position-bonne", "sans-position-moyenne", "loin",
    ]
    assert res.hits[0].distance_km == 0.0 and not res.hits[0].distance_estimee
    assert res.hits[1].distance_km == pytest.approx(16.0, abs=1.0)
    assert res.hits[1].distance_estimee and res.hits[2].distance_estimee
    assert res.hits[3].distance_km == pytest.approx(27.6, abs=0.5)


def test_sans_adresse_le_centre_de_la_commune(index: Index) -> None:
    index.rebuild([
        meme_texte("loin", code_insee=ARRAS, latitude=50.29, longitude=2.78),
        meme_texte("pres", code_insee=ARRAS, latitude=50.40, longitude=2.83),
    ])
    res = index.search(Requete(LENS))
    assert [h.id for h in res.hits] == ["pres", "loin"]
    # Lens's centre (its town hall) is at about 50.429 N, 2.832 E
    assert res.hits[0].distance_km == pytest.approx(3.3, abs=0.2)


def test_la_pertinence_passe_avant_la_proximite(index: Index) -> None:
    remplissage = "Accueil du public, orientation, suivi individuel. " * 20
    index.rebuild([
        exemple(id="proche", nom="Permanence", description=remplissage + "Un peu de numérique.",
                code_insee=LENS, zone_eligibilite=["france"]),
        exemple(id="pertinente", nom="Atelier numérique", description="Numérique pour tous.",
                code_insee=LILLE, zone_eligibilite=["france"]),
    ])
    res = index.search(Requete(LENS, q="numérique"))
    assert [h.id for h in res.hits] == ["pertinente", "proche"]
    assert res.hits[0].score > 2 * res.hits[1].score


def test_sans_texte_proximite_puis_qualite(index: Index) -> None:
    index.rebuild([
        exemple(id="lille-top", code_insee=LILLE, zone_eligibilite=None, score_qualite=1.0),
        exemple(id="lens-bof", code_insee=LENS, zone_eligibilite=None, score_qualite=0.2),
        exemple(id="lens-top", code_insee=LENS, zone_eligibilite=None, score_qualite=0.9),
    ])
    res = index.search(Requete(LENS))
    assert [h.id for h in res.hits] == ["lens-top", "lens-bof", "lille-top"]
    assert {h.score for h in res.hits} == {0.0}


def test_pagination(index: Index) -> None:
    index.rebuild([exemple(id=f"o{i:02d}", score_qualite=i / 100, code_insee=LENS)
                   for i in range(45)])
    pages = [index.search(Requete(LENS, page=p, par_page=20)) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [20, 20, 5]
    assert {p.total for p in pages} == {45} and {p.pages for p in pages} == {3}
    vus = [h.id for p in pages for h in p.hits]
    assert vus == [f"o{i:02d}" for i in range(44, -1, -1)]  # best quality first, no repeat
    with pytest.raises(RequeteInvalide) as erreur:
        index.search(Requete(LENS, page=4, par_page=20))
    assert erreur.value.parametre == "page" and "page" in str(erreur.value)


def test_page_un_sans_resultat_n_est_pas_une_erreur(index: Index) -> None:
    index.rebuild([exemple(id="a")])
    res = index.search(Requete(LENS, q="introuvable"))
    assert res.total == 0 and res.hits == [] and res.pages == 1


def test_a_tout_egal_l_ordre_des_ids_quelle_que_soit_la_disposition_de_l_index(tmp_path) -> None:
    """Equal offers come in id order, whatever their document numbers and segments: every node
    of a deployment (each with its own index, written in its own order) pages alike."""
    ids = [f"offre-{i:02d}" for i in range(30)]
    un_bloc = Index.open(tmp_path / "un-bloc")
    un_bloc.rebuild([meme_texte(i, code_insee=LENS) for i in reversed(ids)])
    morceaux = Index.open(tmp_path / "morceaux")
    morceaux.rebuild([meme_texte(i, code_insee=LENS) for i in ids[10:20]])
    morceaux.upsert([meme_texte(i, code_insee=LENS) for i in ids[20:]])
    morceaux.upsert([meme_texte(i, code_insee=LENS) for i in reversed(ids[:10])])
    for requete in (Requete(LENS, par_page=7), Requete(LENS, par_page=7, page=3),
                    Requete(LENS, q="numérique", par_page=7, page=2)):
        attendu = ids[(requete.page - 1) * 7: requete.page * 7]
        assert [h.id for h in un_bloc.search(requete).hits] == attendu
        assert [h.id for h in morceaux.search(requete).hits] == attendu
