"""The segments of a generation evaluated as one (`search.fusion`): same answers as segment by
segment, on an index with small segments, replaced and deleted documents, duplicates."""

from __future__ import annotations

import random

import numpy as np
import pytest

from search import Index, Requete, bits, ecriture, moteur
from search.documents import exemple
from search.fusion import SegmentFusionne, fusionner

COMMUNES = ["62498", "62510", "62041", "59350", "62193", "35238"]
MOTS = ["atelier", "permis", "crèche", "emploi", "numérique", "logement", "santé", "cv"]
THEMATIQUES = ["mobilite--preparer-un-permis", "famille--garde-denfants",
               "numerique--acceder-a-une-connexion-internet", "sante--acces-aux-soins"]


def _document(i: int, rnd: random.Random, **valeurs) -> dict:
    commune = rnd.choice([*COMMUNES, None])
    position = rnd.random() < .5 and commune is not None
    return exemple(**{
        "id": f"o{i:03d}", "nom": " ".join(rnd.sample(MOTS, 2)),
        "description": " ".join(rnd.choices(MOTS, k=rnd.randint(3, 30))),
        "thematiques": rnd.sample(THEMATIQUES, rnd.randint(0, 2)),
        "publics": rnd.choice([["tous-publics"], ["jeunes"], ["seniors", "femmes"]]),
        "zone_eligibilite": rnd.choice([None, ["62498"], ["62"], ["59"], ["france"], ["200033540"]]),
        "code_insee": commune,
        "latitude": 50.4 + rnd.random() if position else None,
        "longitude": 2.5 + rnd.random() if position else None,
        "modes_accueil": rnd.choice([["en-presentiel"], ["a-distance"], [],
                                     ["en-presentiel", "a-distance"]]),
        "volume_horaire_hebdomadaire": rnd.choice([None, 2.0, 6.0, 12.0]),
        "score_qualite": rnd.choice([.5, .8, 1.0]),  # ties: the id decides, across segments
        "source": rnd.choice(["dora", "france-travail", "test"]),
        "structure_id": rnd.choice(["s1", "s2", "s3"]),
        "groupe_doublons": rnd.choice([None, None, "g1", "g2", "g3"]),
        "statut": rnd.choice(["publiee"] * 5 + ["brouillon"]),
        **valeurs,
    })


@pytest.fixture(scope="module")
def plusieurs(tmp_path_factory) -> Index:
    """A rebuild then imports and edits in small segments, some documents replaced or deleted."""
    mp = pytest.MonkeyPatch()
    mp.setattr(ecriture, "FUSION_MIN_DOCS", 5)
    rnd = random.Random(7)
    index = Index.open(tmp_path_factory.mktemp("fusion") / "index")
    index.rebuild([_document(i, rnd) for i in range(130)])
    for debut in range(130, 230, 23):
        index.upsert([_document(i, rnd) for i in range(debut, debut + 23)])
        index.upsert([_document(rnd.randrange(debut + 23), rnd, version="2")])
        index.delete([f"o{rnd.randrange(debut):03d}"])
    mp.undo()
    assert len(index.vue().segments) >= 4 and index.vue().fusionnee is not None
    return index


def _requetes(n: int) -> list[Requete]:
    rnd = random.Random(11)
    requetes = []
    for _ in range(n):
        commune = rnd.choice([*COMMUNES, None])
        requetes.append(Requete(
            commune, q=rnd.choice(["", "", "atelier", "permis emploi", "garde enfants", "cuisine"]),
            freins=tuple(rnd.sample(["mobilite", "sante", "parentalite"], rnd.randint(0, 1))),
            publics=tuple(rnd.sample(["jeunes", "femmes"], rnd.randint(0, 1))),
            heures_min=rnd.choice([None, 3.0]), heures_connues=rnd.choice([None, True, False]),
            structure_id=rnd.choice([None, None, "s2"]),
            sources=tuple(rnd.sample(["dora", "test"], rnd.randint(0, 1))),
            localisation_departements=tuple(rnd.sample(["62", "59"], rnd.randint(0, 1))),
            statuts=rnd.choice([("publiee",), ("publiee", "brouillon")]),
            origine=rnd.choice([None, (50.7, 2.9)]) if commune else None,
            rayon_km=rnd.choice([50.0, 10.0, None]),
            exclure_doublons=rnd.random() < .3, par_page=rnd.choice([5, 20]),
        ))
    return requetes


def _reponse(vue: moteur.Vue, req: Requete) -> tuple:
    r = moteur.rechercher(vue, req)
    return r.total, r.facets, r.suggestions, r.pages, r.hits


@pytest.mark.parametrize("req", _requetes(120))
def test_la_fusion_repond_comme_les_segments_un_par_un(plusieurs: Index, req: Requete) -> None:
    vue = plusieurs.vue()
    un_par_un = moteur.Vue(vue.generation, vue.segments)  # no fusion: each segment evaluated
    assert _reponse(vue, req) == _reponse(un_par_un, req)


def test_les_pages_suivantes_aussi(plusieurs: Index) -> None:
    vue = plusieurs.vue()
    un_par_un = moteur.Vue(vue.generation, vue.segments)
    for page in (1, 2, 3):
        req = Requete("62498", rayon_km=None, par_page=7, page=page, statuts=("publiee", "brouillon"))
        assert _reponse(vue, req) == _reponse(un_par_un, req)
        assert len(_reponse(vue, req)[4]) == 7


def test_un_seul_segment_n_est_pas_recopie(tmp_path) -> None:
    index = Index.open(tmp_path / "index")
    index.rebuild([exemple(id="a"), exemple(id="b")])
    assert index.vue().fusionnee is None and index.vue().a_evaluer == index.vue().segments


def _segment_de(tmp_path, nom: str, ids: list[str], **valeurs):
    index = Index.open(tmp_path / nom)
    index.rebuild([exemple(id=i, **valeurs) for i in ids])
    return index.vue().segments[0]


def test_chaque_partie_commence_a_un_multiple_de_64(tmp_path) -> None:
    """Bit sets laid end to end without shifting: a part's document d is d + its start."""
    parties = [
        _segment_de(tmp_path, "a", ["a0", "a1", "a2"], zone_eligibilite=["62"]),
        _segment_de(tmp_path, "b", [f"b{i:02d}" for i in range(70)], zone_eligibilite=["59"]),
        _segment_de(tmp_path, "c", ["c0"], zone_eligibilite=["62"]),
    ]
    seg, vivants = fusionner(parties)
    assert isinstance(seg, SegmentFusionne)
    assert seg.debuts == [0, 64, 192] and seg.n == 193 and seg.documents == 74
    assert list(bits.indices(vivants, seg.n)) == [0, 1, 2, *range(64, 134), 192]
    assert list(bits.indices(seg.ensemble("zone", "62"), seg.n)) == [0, 1, 2, 192]
    assert seg.ids[192] == "c0" and seg.ids[3] == "" and np.isnan(seg.latitude[3])
    assert len(seg.latitude) == len(seg.ids) == seg.n


def test_le_rang_des_ids_fusionne_suit_l_ordre_des_ids(plusieurs: Index) -> None:
    fusion = plusieurs.vue().fusionnee
    assert fusion is not None
    seg = fusion[0]
    rang = seg.derive("rang_des_ids", moteur._rang_des_ids)
    reels = [d for d in range(seg.n) if seg.ids[d]]
    assert sorted(reels, key=lambda d: rang[d]) == sorted(reels, key=lambda d: (seg.ids[d], rang[d]))
    assert sorted(rang[reels].tolist()) == list(range(len(reels)))


def test_une_generation_qui_ne_fait_que_supprimer_garde_la_fusion(tmp_path, monkeypatch) -> None:
    """Same segments, fewer live documents: the fused segment and its warm caches serve again;
    a new segment makes a new one."""
    monkeypatch.setattr(ecriture, "FUSION_MIN_DOCS", 2)
    index = Index.open(tmp_path / "index")
    index.rebuild([exemple(id=f"o{i}", nom="Atelier") for i in range(40)])
    index.upsert([exemple(id="n1", nom="Atelier"), exemple(id="n2", nom="Atelier")])
    avant = index.vue().fusionnee
    assert avant is not None
    index.delete(["o3", "n1"])
    apres = index.vue().fusionnee
    assert apres is not None and apres[0] is avant[0]
    assert {h.id for h in index.search(Requete(None, q="atelier", par_page=100)).hits} == (
        {f"o{i}" for i in range(40)} - {"o3"} | {"n2"})
    index.upsert([exemple(id="n3", nom="Atelier")])
    assert index.vue().fusionnee[0] is not avant[0]
    assert index.search(Requete(None, q="atelier")).total == 41
