"""data·inclusion's search parameters served by the one search service (`search.Requete` fields):
sources, quality, duplicates, the radius around the person, where the offer takes place."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_outils import charger_catalogue

BOULOGNE = "62160"  # Boulogne-sur-Mer, about 100 km from Lens, same département


@pytest.fixture
def client_api(client: Any, engine: Any, tmp_path: Any) -> Any:
    charger_catalogue(engine, tmp_path)
    return client


def _ids(client: Any, url: str) -> set[str]:
    reponse = client.get(url)
    assert reponse.status_code == 200, reponse.get_json()
    return {(i["service"] if "service" in i else i)["id"] for i in reponse.get_json()["items"]}


def test_search_service_parameters(client_api: Any):
    tous = {"test--o1", "test--o2"}
    for route in ("/api/v1/services?", "/api/v1/search/services?code_commune=62498&"):
        assert _ids(client_api, route + "sources=test") == tous
        assert _ids(client_api, route + "sources=autre") == set()
        assert _ids(client_api, route + "score_qualite_minimum=0") == tous
        scores = {s["id"]: s["score_qualite"]
                  for s in client_api.get("/api/v1/services").get_json()["items"]}
        seuil = max(scores.values())
        assert _ids(client_api, route + f"score_qualite_minimum={seuil}") == {
            i for i, s in scores.items() if s >= seuil}
        assert _ids(client_api, route + "exclure_doublons=true") == tous, "no duplicates here"
    assert _ids(client_api, "/api/v1/services?code_departement=62") == {"test--o1"}
    assert _ids(client_api, "/api/v1/services?slug_region=hauts-de-france") == {"test--o1"}
    assert _ids(client_api, "/api/v1/services?code_commune=62498") == {"test--o1"}
    assert _ids(client_api, "/api/v1/services?code_departement=35") == set(), "o3 is a draft"


def test_radius_around_the_person(client_api: Any):
    loin = f"/api/v1/search/services?code_commune={BOULOGNE}"
    assert _ids(client_api, loin) == {"test--o2"}, "Lens is past 50 km; remote offers stay"
    assert _ids(client_api, loin + "&rayon_km=200") == {"test--o1", "test--o2"}
    pres = client_api.get("/api/v1/search/services?code_commune=62498&lat=50.43&lon=2.83")
    distances = {i["service"]["id"]: i["distance"] for i in pres.get_json()["items"]}
    assert distances["test--o1"] == 0 and distances["test--o2"] is None


def test_exclure_doublons_folds_curation_clusters(app: Any, client: Any, engine: Any,
                                                  tmp_path: Any):
    from importers import importer_pour
    from importers.base import importer
    from tests.fabriques import ecrire_json, service, structure

    jumeau = {"nom": "Atelier permis de conduire solidaire", "code_insee": "62498",
              "description": "Préparer le code et la conduite avec une monitrice, à Lens.",
              "thematiques": ["mobilite--preparer-un-permis"]}
    chemin = ecrire_json(tmp_path / "jumeaux.json", {"structures": [structure(1)], "services": [
        service(1, **jumeau), service(2, **jumeau), service(3, nom="Atelier cuisine")]})
    importer(importer_pour([chemin]), engine)
    assert app.test_cli_runner().invoke(args=["doublons", "regrouper"]).exit_code == 0
    url = "/api/v1/search/services?code_commune=62498"
    assert client.get(url).get_json()["total"] == 3
    assert _ids(client, url + "&exclure_doublons=true") == {"test--o1", "test--o3"}


@pytest.mark.parametrize("url", ["/api/v1/search/services?code_commune=62498",
                                 "/api/v1/services?sources=test",
                                 "/recherche?code_commune=62498"])
def test_a_page_of_results_is_read_in_one_statement_outside_a_transaction(client_api: Any,
                                                                          engine: Any, url: str):
    """The rows of a page of hits come in one statement (offers joined to their structures),
    on a connection in autocommit: on PostgreSQL no BEGIN / ROLLBACK round trips around it."""
    from sqlalchemy import event

    vus: list[tuple[str, Any]] = []

    def noter(connexion: Any, _curseur: Any, sql: str, *_args: Any) -> None:
        vus.append((sql, connexion.get_execution_options().get("isolation_level")))

    event.listen(engine, "before_cursor_execute", noter)
    try:
        reponse = client_api.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", noter)
    assert reponse.status_code == 200
    lectures = [(sql, niveau) for sql, niveau in vus if "FROM offer" in sql]
    assert len(lectures) == 1 and "LEFT OUTER JOIN structure" in lectures[0][0]
    assert lectures[0][1] == "AUTOCOMMIT"
