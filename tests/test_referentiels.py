"""Our own tables (freins, convention publics) and the vocabularies taken from the schema package."""

from __future__ import annotations

from data_inclusion.schema import v1

from catalogue.referentiels import freins, publics, vocabulaires


def test_vocabularies_come_from_the_schema_package():
    assert {t.value for t in vocabulaires.THEMATIQUES} == {t.value for t in v1.Thematique}
    assert len(vocabulaires.CATEGORIES) == len(v1.Categorie)
    assert vocabulaires.valeurs("publics") == {p.value for p in v1.Public}
    assert vocabulaires.libelles("frais")["gratuit"] == "Gratuit"
    assert vocabulaires.categorie_de("mobilite--preparer-un-permis") == "mobilite"


def test_every_convention_frein_has_a_row_and_maps_onto_existing_thematiques():
    # the grid printed on the 2025-2027 convention form (seeds/004:2140-2150), "Autre" aside
    grille = ["Mobilité", "Parentalité (garde d'enfants)", "Santé", "Accès aux droits",
              "Logement / hébergement", "Difficultés financières", "Illectronisme / numérique",
              "Savoirs de base", "Isolement social", "Autonomie"]
    libelles = {lib for f in freins.FREINS for lib in f.libelles_convention}
    assert set(grille) <= libelles
    tous = vocabulaires.valeurs("thematiques")
    for f in freins.FREINS:
        assert f.toutes_thematiques(), f.slug
        assert f.toutes_thematiques() <= tous


def test_frein_mapping_from_domain_brief():
    assert freins.frein("mobilite").toutes_thematiques() == set(vocabulaires.thematiques_de(
        "mobilite"))
    assert "famille--garde-denfants" in freins.frein("parentalite").toutes_thematiques()
    assert freins.freins_leves(["lecture-ecriture-calcul--maitriser-le-calcul"]) == {
        "savoirs-de-base"}
    assert freins.freins_leves(["remobilisation--lien-social"]) == {"isolement-social"}
    assert "langue" in freins.freins_leves(["lecture-ecriture-calcul--maitriser-le-francais"])
    assert freins.freins_leves(["trouver-un-emploi--repondre-a-des-offres-demploi"]) == set(), \
        "employment needs are besoins, not freins"


def test_convention_publics_map_onto_v1_publics_without_losing_labels():
    brsa = publics.public_convention("BRSA")
    assert brsa is not None and brsa.publics == ("beneficiaires-des-minimas-sociaux",)
    prison = publics.public_convention("sortants de prison")
    assert prison is not None
    assert prison.publics == ("personnes-en-situation-juridique-specifique",)
    voyage = publics.public_convention("Gens du voyage")
    assert voyage is not None and voyage.publics == () and voyage.precision == "Gens du voyage"
    assert publics.public_convention("Jeunes (-25 ans)") is not None, "spaces and case ignored"
    for p in publics.PUBLICS_CONVENTION:
        assert set(p.publics) <= vocabulaires.valeurs("publics")
        assert p.publics or p.precision
