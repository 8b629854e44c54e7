"""What the text search reads, and what each field weighs (`search.schema.POIDS_CHAMPS`):
service name, structure name, réseaux porteurs, description, thématiques / type / frais labels,
publics labels and précisions, structure description."""

from __future__ import annotations

from typing import Any

import pytest

from search import Index, Requete
from search.documents import analyser, champs, exemple
from search.schema import POIDS_CHAMPS

LENS = "62498"


def offre(id_: str, **valeurs: Any) -> Any:
    defauts = {"code_insee": LENS, "zone_eligibilite": None, "nom": "Permanence",
               "description": "Accueil sur rendez-vous.", "structure_nom": "Association"}
    return exemple(id=id_, **{**defauts, **valeurs})


@pytest.fixture
def index(tmp_path) -> Index:
    return Index.open(tmp_path / "index")


@pytest.mark.parametrize(
    ("valeurs", "q"),
    [
        ({"structure_nom": "Agefiph Hauts-de-France"}, "agefiph"),
        ({"structure_nom": "Mission locale de l'Artois"}, "mission locale"),
        ({"structure_description": "Nous accompagnons les créateurs d'entreprise depuis 1990."},
         "créateurs"),
        ({"structure_reseaux_porteurs": ["plie"]}, "plans locaux pour l'insertion"),
        ({"structure_reseaux_porteurs": ["plie"]}, "PLIE"),
        ({"structure_reseaux_porteurs": ["france-travail"]}, "France Travail"),
        ({"publics": ["personnes-exilees"]}, "exilées"),
        ({"publics_precisions": "Sortants de détention de moins de six mois"}, "détention"),
        ({"frais": "gratuit"}, "gratuit"),
        ({"type": "atelier"}, "atelier"),
    ],
)
def test_chaque_champ_est_cherche(index: Index, valeurs: dict[str, Any], q: str) -> None:
    index.rebuild([offre("trouvee", **valeurs), offre("autre")])
    assert [h.id for h in index.search(Requete(LENS, q=q)).hits] == ["trouvee"]


def test_poids_documentes() -> None:
    assert POIDS_CHAMPS["nom"] > POIDS_CHAMPS["structure_nom"] > POIDS_CHAMPS["reseaux_porteurs"]
    assert POIDS_CHAMPS["reseaux_porteurs"] > POIDS_CHAMPS["description"]
    assert POIDS_CHAMPS["description"] > POIDS_CHAMPS["structure_description"]


def _poids(doc: dict[str, Any], terme: str) -> float:
    c = champs(doc)
    return float(c.poids[c.termes.index(terme)])


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("nom", "Cuisine"),
        ("structure_nom", "Cuisine"),
        ("description", "Cuisine"),
        ("publics_precisions", "Cuisine"),
        ("structure_description", "Cuisine"),
    ],
)
def test_un_mot_pese_le_poids_de_son_champ(champ: str, valeur: str) -> None:
    from search import analyse

    doc = exemple(nom="Offre", description="Texte.", structure_nom="Structure")
    doc[champ] = valeur  # type: ignore[literal-required]
    attendu = POIDS_CHAMPS["publics" if champ == "publics_precisions" else champ]
    assert _poids(doc, analyse.terme("cuisine") or "") == pytest.approx(attendu)


def test_le_nom_de_l_offre_passe_avant_celui_de_la_structure(index: Index) -> None:
    index.rebuild([
        offre("structure", structure_nom="Épicerie solidaire du Centre"),
        offre("offre", nom="Épicerie solidaire"),
    ])
    assert [h.id for h in index.search(Requete(LENS, q="épicerie")).hits] == ["offre", "structure"]


def test_la_description_de_la_structure_pese_le_moins(index: Index) -> None:
    index.rebuild([
        offre("structure", structure_description="Nos ateliers de couture solidaire."),
        offre("offre", description="Un atelier de couture chaque mardi."),
    ])
    assert [h.id for h in index.search(Requete(LENS, q="couture")).hits] == ["offre", "structure"]


def test_analyse_prealable_puis_structure_egale_analyse_complete() -> None:
    """An import analyses the offer's own fields in its workers; the structure's part is added
    when the document is written: the same terms and weights as analysing it all at once."""
    doc = exemple(nom="Atelier CV", description="Préparer sa candidature.",
                  structure_nom="Mission locale", structure_reseaux_porteurs=["mission-locale"],
                  structure_description="Accueil des jeunes de 16 à 25 ans.",
                  publics=["jeunes"], publics_precisions="Moins de 26 ans")
    ensemble, separement = champs(doc), champs(doc, analyser(doc))
    assert dict(zip(ensemble.termes, ensemble.poids, strict=True)) == dict(
        zip(separement.termes, separement.poids, strict=True))
    assert sorted(ensemble.mots) == sorted(separement.mots)
    assert ensemble.ligne.longueur == separement.ligne.longueur
