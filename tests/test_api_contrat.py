"""The published contract: OpenAPI 3.1 from the code's schemas, fuzzed by schemathesis, shown at
/api/doc, with examples that fit their own schemas."""

from __future__ import annotations

from typing import Any

import jsonschema
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from catalogue.api import exemples
from catalogue.api.contrat import OPERATIONS
from tests.api_outils import charger_catalogue

#: examples per operation: enough to reach every parameter's edges, bounded to stay quick
EXEMPLES_PAR_ROUTE = 12


def test_no_500_and_every_answer_fits_the_contract(app: Any, engine: Any, tmp_path: Any) -> None:
    """schemathesis draws requests from the contract for every route (valid and invalid values)
    and checks each answer: no 500, status, headers and body as documented. One check is left out:
    "schema-valid request rejected" — a well-formed but unknown commune code, or `lat` without
    `lon`, is a documented 422, not a contract breach."""
    app.extensions["catalogue.limiteur"].enabled = False
    charger_catalogue(engine, tmp_path)
    contrat = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    routes = [resultat.ok() for resultat in contrat.get_all_operations()]
    assert len(routes) == len(OPERATIONS)
    for route in routes:
        _fuzzer(route)


def _fuzzer(route: Any) -> None:
    @given(case=route.as_strategy())
    @settings(max_examples=EXEMPLES_PAR_ROUTE, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    def essai(case: Any) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    essai()


def test_openapi_31_lists_every_route_with_its_errors(client: Any):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {op.chemin for op in OPERATIONS} == set(spec["paths"])
    for chemin in ("/api/v1/structures", "/api/v1/structures/{id}", "/api/v1/structures/{source}/{id}",
                   "/api/v1/services", "/api/v1/services/{id}", "/api/v1/search/services",
                   "/api/v1/search", "/api/v1/sources", "/api/v1/doc/thematiques",
                   "/api/v1/doc/personnes-mobilisatrices", "/api/v1/exports/services.csv",
                   "/api/v1/changements"):
        assert chemin in spec["paths"], chemin
    recherche = spec["paths"]["/api/v1/search/services"]["get"]
    noms = {p["name"] for p in recherche["parameters"]}
    assert {"code_commune", "lat", "lon", "thematiques", "publics", "frais", "modes_accueil",
            "types", "score_qualite_minimum", "sources", "exclure_doublons",
            "page", "size", "q", "freins", "commune"} <= noms
    assert {"200", "422", "429", "401"} <= set(recherche["responses"])
    assert "example" in recherche["responses"]["200"]["content"]["application/json"]


def test_examples_fit_their_schemas(client: Any):
    spec = client.get("/api/openapi.json").get_json()
    composants = {"components": spec["components"]}
    page = {"$ref": "#/components/schemas/PageRecherche", **composants}
    jsonschema.validate(exemples.RECHERCHE, page, cls=jsonschema.Draft202012Validator)


def test_docs_page_shows_every_route_without_scripts(client: Any):
    page = client.get("/api/doc")
    assert page.status_code == 200
    texte = page.get_data(as_text=True)
    assert "<script" not in texte and "cdn" not in texte.lower()
    for op in OPERATIONS:
        assert f"GET {op.chemin}" in texte, op.chemin
    assert "code_commune" in texte and "Extension propre" in texte
