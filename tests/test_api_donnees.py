"""data·inclusion's API surface: paths, parameter names, shapes, 422s; published offers only."""

from __future__ import annotations

from typing import Any

import pytest
from data_inclusion.schema import v1

from catalogue.api.routes import REFERENTIELS
from tests.api_outils import CV, PERMIS, charger_catalogue

PUBLIES = {"test--o1", "test--o2"}


@pytest.fixture
def client_api(client: Any, engine: Any, tmp_path: Any) -> Any:
    charger_catalogue(engine, tmp_path)
    return client


def _ids(reponse: Any) -> set[str]:
    corps = reponse.get_json()
    return {(i["service"] if "service" in i else i)["id"] for i in corps["items"]}


def test_services_listing_pages_published_offers_only(client_api: Any):
    corps = client_api.get("/api/v1/services").get_json()
    assert set(corps) == {"items", "total", "page", "size", "pages"}
    assert corps["total"] == 2 and corps["page"] == 1 and corps["size"] == 2 and corps["pages"] == 1
    assert _ids(client_api.get("/api/v1/services")) == PUBLIES
    une = client_api.get("/api/v1/services?size=1&page=2").get_json()
    assert une["size"] == 1 and une["pages"] == 2 and une["total"] == 2
    assert _ids(client_api.get(f"/api/v1/services?thematiques={CV}")) == {"test--o2"}
    assert _ids(client_api.get("/api/v1/services?thematiques=mobilite")) == {"test--o1"}
    assert _ids(client_api.get("/api/v1/services?frais=payant&frais=gratuit")) == PUBLIES
    assert _ids(client_api.get("/api/v1/services?modes_accueil=a-distance")) == {"test--o2"}
    assert _ids(client_api.get("/api/v1/services?types=atelier")) == {"test--o1"}
    assert _ids(client_api.get("/api/v1/services?publics=femmes")) == {"test--o2"}, "tous-publics"


def test_every_record_is_valid_v1_without_private_data(client_api: Any):
    for item in client_api.get("/api/v1/services").get_json()["items"]:
        prives = set(item) - set(v1.Service.model_fields) - {"score_qualite"}
        assert not prives, prives
        v1.Service.model_validate({k: v for k, v in item.items() if k != "score_qualite"})
    detail = client_api.get("/api/v1/services/test--o1").get_json()
    v1.Structure.model_validate(detail["structure"])
    assert set(detail) - set(v1.Service.model_fields) == {"score_qualite", "structure"}


def test_details_404_unless_published(client_api: Any):
    assert client_api.get("/api/v1/services/test--o1").get_json()["structure"]["id"] == "test--s1"
    assert client_api.get("/api/v1/services/test/o1").get_json()["id"] == "test--o1"
    for absent in ("test--o3", "test--o4", "inconnu"):
        reponse = client_api.get(f"/api/v1/services/{absent}")
        assert reponse.status_code == 404
        assert reponse.get_json()["detail"][0]["loc"] == ["path", "id"]
    structure = client_api.get("/api/v1/structures/test--s1").get_json()
    assert {s["id"] for s in structure["services"]} == PUBLIES and structure["doublons"] == []
    assert client_api.get("/api/v1/structures/test/s1").status_code == 200
    assert client_api.get("/api/v1/structures/test--s2").status_code == 404, "drafts only"


def test_structures_listing_filters(client_api: Any):
    corps = client_api.get("/api/v1/structures").get_json()
    assert [s["id"] for s in corps["items"]] == ["test--s1"] and corps["total"] == 1
    assert 0 <= corps["items"][0]["score_qualite"] <= 1
    for requete, attendu in {"code_departement=62": 1, "slug_departement=pas-de-calais": 1,
                             "code_region=32": 1, "slug_region=hauts-de-france": 1,
                             "code_commune=62498": 1, "code_departement=35": 0,
                             "sources=test": 1, "sources=autre": 0,
                             "reseaux_porteurs=mission-locale": 1, "reseaux_porteurs=adie": 0,
                             "exclure_doublons=true": 1}.items():
        assert client_api.get(f"/api/v1/structures?{requete}").get_json()["total"] == attendu, requete


def test_search_services_shape_and_eligibility(client_api: Any):
    corps = client_api.get("/api/v1/search/services?code_commune=62498").get_json()
    assert {"items", "total", "page", "size", "pages", "facets", "suggestions"} <= set(corps)
    par_id = {i["service"]["id"]: i for i in corps["items"]}
    assert set(par_id) == PUBLIES
    assert par_id["test--o2"]["distance"] is None, "remote offer: no distance"
    assert par_id["test--o1"]["service"]["structure"]["nom"] == "Structure de test 1"
    assert set(par_id["test--o1"]) >= {"service", "distance", "score", "eligibilite"}
    rennes = client_api.get("/api/v1/search/services?code_commune=35238").get_json()
    assert {i["service"]["id"] for i in rennes["items"]} == {"test--o2"}, "zone 62 only"
    par_nom = client_api.get("/api/v1/search/services?commune=Lens&freins=mobilite").get_json()
    assert {i["service"]["id"] for i in par_nom["items"]} == {"test--o1"}
    point = client_api.get("/api/v1/search/services?code_commune=62498&lat=50.43&lon=2.83")
    assert point.status_code == 200
    structure = client_api.get("/api/v1/search/services?commune=62498&structure=test--s2")
    assert structure.get_json()["total"] == 0, "extension: one structure's services"
    texte = client_api.get("/api/v1/search?q=code%20route&code_commune=62498").get_json()
    assert {i["service"]["id"] for i in texte["items"]} == {"test--o1"}


@pytest.mark.parametrize("requete, parametre", [
    ("/api/v1/search/services?code_commune=99999", "code_commune"),
    ("/api/v1/search/services?code_commune=62498&lat=50", "lat"),
    ("/api/v1/search/services?thematiques=inconnue", "thematiques"),
    ("/api/v1/search/services?size=0", "size"),
    ("/api/v1/search/services?size=abc", "size"),
    ("/api/v1/search/services?score_qualite_minimum=2", "score_qualite_minimum"),
    ("/api/v1/search/services?recherche_public=jeunes", "recherche_public"),
    ("/api/v1/search/services?exclure_doublons=peut-etre", "exclure_doublons"),
    ("/api/v1/search", "q"),
    ("/api/v1/services?code_departement=000", "code_departement"),
    ("/api/v1/structures?slug_region=atlantide", "slug_region"),
    ("/api/v1/structures?page=0", "page"),
])
def test_invalid_parameters_answer_422_in_data_inclusion_shape(client_api: Any, requete: str,
                                                              parametre: str):
    reponse = client_api.get(requete)
    assert reponse.status_code == 422
    detail = reponse.get_json()["detail"]
    assert detail[0]["loc"] == ["query", parametre]
    assert detail[0]["msg"] and detail[0]["type"]


def test_sources_and_referentiels(client_api: Any):
    assert client_api.get("/api/v1/sources").get_json()[0]["slug"] == "test"
    for nom in REFERENTIELS:
        valeurs = client_api.get(f"/api/v1/doc/{nom}").get_json()
        assert valeurs and {"value", "label", "description"} == set(valeurs[0]), nom
    thematiques = {t["value"] for t in client_api.get("/api/v1/doc/thematiques").get_json()}
    assert PERMIS in thematiques


def test_past_the_last_page_is_empty_as_in_data_inclusion(client_api: Any):
    for url in ("/api/v1/services?page=50", "/api/v1/search/services?code_commune=62498&page=50",
                "/api/v1/structures?page=50"):
        corps = client_api.get(url).get_json()
        assert corps["items"] == [] and corps["total"] == 2 - ("structures" in url), url
        assert corps["page"] == 50 and corps["size"] == 0, url
