"""Search wired to the catalogue: the index follows committed changes, `check` finds and repairs
drift, and the page, the JSON API and the CLI answer with the same semantics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import update
from sqlmodel import Session, select

from catalogue.demo.chargement import charger_demo
from catalogue.models import Offer
from catalogue.recherche import index_de, verifier, versions_en_base
from catalogue.referentiels import freins, territoires
from importers import importer_pour
from importers.base import importer
from search import Requete
from tests.fabriques import ecrire_json, service, structure


def chemin_index(app: Flask) -> str:
    return str(app.config["SEARCH_INDEX_DIR"])


def test_imported_offers_are_searchable_and_changes_follow(app: Flask, engine: Any,
                                                            tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)], "services": [
        service(1, nom="Atelier permis de conduire", zone_eligibilite=["62498"]),
        service(2, nom="Atelier cuisine", zone_eligibilite=["35"])]})
    importer(importer_pour([chemin]), engine)
    idx = index_de(chemin_index(app))
    assert [h.id for h in idx.search(Requete(commune="62498", q="permis")).hits] == ["test--o1"]
    assert idx.search(Requete(commune="62498", q="cuisine")).total == 0, "35 only"

    ecrire_json(chemin, {"structures": [structure(1)], "services": [
        service(1, nom="Atelier code de la route"), service(2, nom="Atelier cuisine")]})
    importer(importer_pour([chemin]), engine)
    assert idx.search(Requete(commune="62498", q="cuisine")).total == 1, "zone now 62"


def test_check_finds_drift_and_repairs_it(app: Flask, engine: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1), service(2)]})
    importer(importer_pour([chemin]), engine)
    assert verifier(engine, chemin_index(app)).aucun
    with Session(engine) as s:  # a change the index never heard of
        s.execute(update(Offer).where(Offer.id == "test--o1").values(statut="suspendue"))
        s.commit()
    ecarts = verifier(engine, chemin_index(app))
    assert ecarts.perimes == ["test--o1"]
    verifier(engine, chemin_index(app), reparer=True)
    assert verifier(engine, chemin_index(app)).aucun
    resultat = index_de(chemin_index(app)).search(Requete(commune="62498"))
    assert [h.id for h in resultat.hits] == ["test--o2"], "only published offers are shown"


def test_reindex_and_check_commands(runner: Any, engine: Any):
    charger_demo(engine)
    resultat = runner.invoke(args=["reindex"])
    assert resultat.exit_code == 0 and "Index reconstruit" in resultat.output
    resultat = runner.invoke(args=["check"])
    assert resultat.exit_code == 0 and "à jour" in resultat.output


def test_lens_example_eligible_offers_only_with_facets(client: Any, engine: Any):
    """A person from Lens with no car and two young children (the issue's example)."""
    charger_demo(engine)
    reponse = client.get("/api/v1/search/services?commune=62498&freins=mobilite,parentalite")
    assert reponse.status_code == 200
    corps = reponse.get_json()
    assert corps["total"] > 0 and len(corps["items"]) == min(20, corps["total"])
    zones = set(territoires.zones_englobantes("62498"))
    for item in corps["items"]:
        s = item["service"]
        assert not s["zone_eligibilite"] or zones & set(s["zone_eligibilite"]) or \
            "a-distance" in (s["modes_accueil"] or [])
        leves = {f for f in freins.freins_leves(s["thematiques"])}
        assert leves & {"mobilite", "parentalite"}
        assert item["eligibilite"] in {"commune", "epci", "departement", "france", "partout",
                                       "a-distance"}
    facettes = corps["facets"]["freins"]
    assert facettes["mobilite"] + facettes["parentalite"] >= corps["total"]
    page = client.get("/recherche?commune=62498&freins=mobilite&freins=parentalite")
    assert page.status_code == 200
    assert f"{corps['total']} offres pour une personne de Lens" in page.get_data(as_text=True)


def test_api_answers_422_and_page_400_in_french_naming_the_parameter(client: Any, engine: Any):
    charger_demo(engine)
    cas = {
        "commune=99999": "commune",
        "commune=62498&freins=velo": "freins",
        "commune=62498&publics=extraterrestres": "publics",
        "commune=62498&page=0": "page",
        "commune=62498&page=abc": "page",
    }
    for requete, parametre in cas.items():
        reponse = client.get(f"/api/v1/search/services?{requete}")
        assert reponse.status_code == 422, requete
        detail = reponse.get_json()["detail"][0]
        assert detail["loc"] == ["query", parametre] and detail["msg"], requete
        assert client.get(f"/recherche?{requete}").status_code == 400, requete
    assert client.get("/recherche?commune=62498&page=500").status_code == 400
    assert client.get("/recherche").status_code == 400
    loin = client.get("/api/v1/search/services?commune=62498&page=500").get_json()
    assert loin["items"] == [] and loin["page"] == 500, "past the last page: empty, as data·inclusion"
    etrange = client.get('/api/v1/search/services?commune=62498&q="permis AND (code* -OR')
    assert etrange.status_code == 200, "stray quotes and operators are plain words"


def test_cli_search_same_semantics(runner: Any, client: Any, engine: Any):
    charger_demo(engine)
    resultat = runner.invoke(args=["search", "permis", "--commune", "62498", "--frein",
                                   "mobilite", "--json"])
    assert resultat.exit_code == 0, resultat.output
    import json

    par_cli = json.loads(resultat.output)
    par_api = client.get("/api/v1/search/services?commune=62498&freins=mobilite&q=permis")
    assert par_cli == par_api.get_json()
    resultat = runner.invoke(args=["search", "--commune", "Atlantide"])
    assert resultat.exit_code == 2 and "introuvable" in resultat.output


def test_typed_places_resolve_like_a_person_means_them(client: Any, engine: Any):
    charger_demo(engine)
    assert "Lens (62)" in client.get("/recherche?lieu=Lens").get_data(as_text=True)
    ambigu = client.get("/recherche?lieu=62300")
    assert ambigu.status_code == 400
    texte = ambigu.get_data(as_text=True)
    assert "plusieurs communes" in texte and "Lens" in texte and "Éleu-dit-Leauwette" in texte
    assert client.get("/recherche?lieu=Lens+(62)").status_code == 200


def test_import_index_matches_database_exactly_through_updates_and_renames(
        app: Flask, engine: Any, tmp_path: Path):
    """Imports index the values they write (no reading back): `check` must find nothing, after a
    creation, an update of an offer, and a renamed structure (its offers show the new name)."""
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1), structure(2)],
                                               "services": [service(1), service(2, structure_n=2)]})
    importer(importer_pour([chemin]), engine, processus=2)
    assert verifier(engine, chemin_index(app)).aucun
    ecrire_json(chemin, {"structures": [structure(1, nom="Maison de l'emploi de Lens"),
                                        structure(2)],
                         "services": [service(1), service(2, structure_n=2, nom="Atelier cuisine")]})
    rapport = importer(importer_pour([chemin]), engine, processus=2)
    assert rapport.run["compteurs"]["updated"] == 2, rapport.run
    assert verifier(engine, chemin_index(app)).aucun
    idx = index_de(chemin_index(app))
    assert [h.id for h in idx.search(Requete(commune="62498", q="cuisine")).hits] == ["test--o2"]
    with Session(engine) as s:
        assert idx.versions() == versions_en_base(s)


def test_index_refusing_mid_import_loses_no_offer(app: Flask, engine: Any, tmp_path: Path,
                                                  monkeypatch: Any):
    """The bulk writer fails on the third batch: what it held is cancelled, and the end of the
    import pushes every offer again from the database; `check` finds nothing missing."""
    from search.index import EcritureEnMasse
    appels = {"n": 0}
    ajouter = EcritureEnMasse.ajouter

    def capricieux(self: EcritureEnMasse, *args: Any) -> None:
        appels["n"] += 1
        if appels["n"] == 5:
            raise OSError("disque plein (simulé)")
        ajouter(self, *args)

    monkeypatch.setattr(EcritureEnMasse, "ajouter", capricieux)
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(n) for n in range(1, 9)]})
    rapport = importer(importer_pour([chemin]), engine, taille_lot=2)
    assert rapport.run["compteurs"]["created"] == 9 and appels["n"] >= 5
    assert verifier(engine, chemin_index(app)).aucun
    assert index_de(chemin_index(app)).search(Requete(commune="62498")).total == 8


def test_a_page_of_hits_is_read_in_ranking_order_with_only_the_columns_asked(engine: Any,
                                                                             tmp_path: Path):
    """`lignes_par_ids` (the search page's and the API's reading): the order of the ids, unknown
    ids left out, each offer with its structure, plain rows carrying the columns asked."""
    from catalogue.models import Structure
    from catalogue.recherche import lignes_par_ids

    chemin = ecrire_json(tmp_path / "c.json", {
        "structures": [structure(1), structure(2)],
        "services": [service(1, nom="Atelier un"), service(2, 2, nom="Atelier deux"),
                     service(3, nom="Atelier trois")]})
    importer(importer_pour([chemin]), engine)
    with Session(engine) as session:
        lignes = lignes_par_ids(session.connection(), ["test--o3", "inconnue", "test--o1", "test--o2"],
                                (Offer.id, Offer.structure_id, Offer.nom),
                                (Structure.id, Structure.nom))
        structures = {s.id: s.nom for s in session.exec(select(Structure))}
        assert lignes_par_ids(session.connection(), [], (Offer.id,), (Structure.id,)) == []
    assert [(o.id, o.nom) for o, _ in lignes] == [("test--o3", "Atelier trois"), ("test--o1", "Atelier un"),
                                                   ("test--o2", "Atelier deux")]
    assert all(s is not None and s.id == o.structure_id and s.nom == structures[s.id]
               for o, s in lignes)
    assert lignes[2][1].id != lignes[0][1].id
    assert not hasattr(lignes[0][0], "description"), "only the columns asked are read"
