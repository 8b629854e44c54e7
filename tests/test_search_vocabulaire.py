"""The field vocabulary (`search/vocabulaire.json`): its data hold together, acronyms and everyday
words find their offers, and the words typed outrank their synonyms."""

from __future__ import annotations

from typing import Any

import pytest

from catalogue.referentiels import vocabulaires
from search import Index, Requete, analyse, synonymes
from search.documents import exemple

LENS = "62498"


def test_chaque_groupe_a_une_origine_et_des_phrases() -> None:
    table = synonymes.table()
    assert len(table) >= 50
    for groupe in table:
        assert groupe.cle.startswith("~") and groupe.origine and len(groupe.phrases) >= 2


def test_une_phrase_analysee_ne_sert_qu_un_groupe() -> None:
    vus: dict[tuple[str, ...], str] = {}
    for groupe in synonymes.table():
        for phrase in groupe.phrases:
            analysee = tuple(analyse.termes(phrase))
            assert analysee, f"« {phrase} » n'a que des mots vides"
            assert vus.setdefault(analysee, groupe.cle) == groupe.cle, (phrase, vus[analysee])


def test_les_libelles_viennent_du_paquet_du_schema() -> None:
    """`thematiques` and `reseaux` name slugs of data-inclusion-schema; their labels are taken
    from the package, so a renamed slug fails here rather than silently."""
    psy = next(g for g in synonymes.table() if g.cle == "~psy")
    assert vocabulaires.libelles("thematiques")["sante--sante-mentale"] in psy.phrases
    assert vocabulaires.libelles("reseaux_porteurs")["cmp"] in psy.phrases


def offre(id_: str, nom: str, description: str = "Accueil sur rendez-vous.", **v: Any) -> Any:
    return exemple(id=id_, nom=nom, description=description, **{"code_insee": LENS, **v})


@pytest.fixture
def index(tmp_path) -> Index:
    return Index.open(tmp_path / "index")


def _ids(index: Index, q: str) -> list[str]:
    return [h.id for h in index.search(Requete(LENS, q=q, par_page=50)).hits]


@pytest.mark.parametrize(
    ("q", "nom", "description"),
    [
        ("SIAE", "Chantier d'insertion espaces verts", "Contrat de 26 heures par semaine."),
        ("FJT", "Résidence Habitat Jeunes", "Des chambres meublées pour les 16-30 ans."),
        ("foyer de jeunes travailleurs", "Résidence Habitat Jeunes", "Chambres meublées."),
        ("psy", "Entretiens avec un psychologue", "Gratuit, sans ordonnance."),
        ("appart", "Trouver un logement", "Visites et dossier de location."),
        ("boulot", "Recherche d'emploi accompagnée", "Ateliers et suivi."),
        ("fringues", "Vestiaire solidaire", "Vêtements à petit prix."),
        ("pas cher", "Épicerie", "Produits à prix solidaire."),
        ("ordi", "Atelier informatique", "Prendre en main un ordinateur."),
        ("mutuelle", "Permanence CPAM", "Complémentaire santé solidaire : ouvrir ses droits."),
        ("RQTH", "Accompagnement vers l'emploi", "Pour les personnes en situation de handicap."),
        ("sans abri", "Accueil de jour", "Douches, café, orientation vers le 115."),
    ],
)
def test_le_mot_du_terrain_trouve_l_offre(index: Index, q: str, nom: str, description: str) -> None:
    index.rebuild([offre("cible", nom, description), offre("autre", "Atelier cuisine",
                                                          "Recettes de saison.")])
    assert _ids(index, q) == ["cible"], q


def test_halte_garderie_d_abord_puis_les_autres_gardes(index: Index) -> None:
    index.rebuild([
        offre("creche", "Crèche à vocation d'insertion", "Places pour parents en parcours."),
        offre("halte", "Halte-garderie municipale", "Accueil occasionnel des tout-petits."),
        offre("assmat", "Relais assistantes maternelles", "Trouver une assistante maternelle."),
    ])
    trouves = _ids(index, "halte-garderie")
    assert trouves[0] == "halte" and set(trouves) == {"halte", "creche", "assmat"}


def test_fle_avant_asl(index: Index) -> None:
    index.rebuild([
        offre("asl", "Ateliers sociolinguistiques", "Parler français au quotidien."),
        offre("fle", "Cours de FLE", "Français langue étrangère, tous niveaux."),
    ])
    assert _ids(index, "FLE") == ["fle", "asl"]
    assert _ids(index, "ASL") == ["asl", "fle"]


def test_le_synonyme_ne_passe_pas_devant_le_mot_meme_pres(index: Index) -> None:
    """The literal match stays first even when the synonym-only offer is nearer (other band)."""
    index.rebuild([
        offre("creche-lens", "Crèche solidaire", code_insee=LENS),
        offre("halte-arras", "Halte-garderie", code_insee="62041"),
    ])
    assert _ids(index, "halte-garderie") == ["halte-arras", "creche-lens"]
