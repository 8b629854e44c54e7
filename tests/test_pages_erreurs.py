"""Issue 18 point 5: error pages in French in the site's layout, the catalogue page's title,
filters and sort, and /offres."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.demo.chargement import charger_demo
from tests.curation_outils import client_de
from tests.curation_outils import comptes as comptes  # noqa: F401 — fixture
from tests.navigateur import capture, navigateur, serveur


def test_404_is_a_french_page_with_a_way_back(client: FlaskClient):
    reponse = client.get("/nulle-part")
    assert reponse.status_code == 404
    page = reponse.get_data(as_text=True)
    assert '<html lang="fr">' in page and "Page introuvable" in page
    assert "Not Found" not in page and "Rechercher une offre" in page


def test_our_own_french_description_is_kept(client: FlaskClient):
    page = client.get("/offres/inconnue").get_data(as_text=True)
    assert "Aucune offre « inconnue » dans le catalogue." in page


def test_403_and_405_and_400(app: Flask, comptes: Any, client: FlaskClient):
    referent = client_de(app, "referent@exemple.org")
    reponse = referent.get("/curation/revue/")
    assert reponse.status_code == 403 and "Accès refusé" in reponse.text
    reponse = client.get("/programmes/1/activites")
    assert reponse.status_code == 405 and "Action impossible ici" in reponse.text
    assert "POST" in reponse.headers["Allow"]
    reponse = client.post("/programmes/nouveau", data={"libelle": "X"})
    assert reponse.status_code == 400 and "Formulaire expiré" in reponse.text


def test_500_is_french_and_logged(app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture):
    @app.get("/panne")
    def panne() -> str:
        raise RuntimeError("panne de test")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    reponse = client.get("/panne")
    assert reponse.status_code == 500
    assert "Erreur du serveur" in reponse.text and "panne de test" not in reponse.text
    assert "panne de test" in caplog.text


def test_api_errors_stay_json(client: FlaskClient):
    reponse = client.get("/api/v1/nulle-part")
    assert reponse.status_code == 404 and reponse.is_json, "the API's own error shape"


def test_catalogue_title_filters_sort_and_offres(app: Flask, engine: Any, client: FlaskClient):
    charger_demo(engine)
    page = client.get("/catalogue").get_data(as_text=True)
    assert "<title>Catalogue · Offres d'insertion</title>" in page
    tous = _noms(client.get("/catalogue?tri=nom").get_data(as_text=True))
    assert tous == sorted(tous, key=str.lower), "sorted by name"
    filtre = client.get("/catalogue?q=permis&departement=62").get_data(as_text=True)
    assert all("permis" in nom.lower() for nom in _noms(filtre)) and _noms(filtre)
    assert "pour ces filtres" in filtre
    reponse = client.get("/offres?tri=nom")
    assert reponse.status_code == 301 and reponse.headers["Location"].endswith("/catalogue?tri=nom")


def _noms(page: str) -> list[str]:
    import re

    return re.findall(r'<h2 class="carte__titre"><a href="[^"]+">([^<]+)</a>', page)


@pytest.mark.browser
def test_error_page_in_the_browser(app: Flask):
    with serveur(app) as site, navigateur() as page:
        page.goto(site + "/catalogue")
        with page.expect_navigation():
            page.evaluate("location.assign('/offres/inconnue')")  # a link followed: a referrer
        assert page.locator("html").get_attribute("lang") == "fr"
        page.click("text=Revenir à la page précédente")
        page.wait_for_selector("h1")
        assert page.url.endswith("/catalogue")
        capture(page, "erreur-404-retour")
