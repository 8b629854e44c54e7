"""Access to the API: open reads, partners' keys (hashed, revocable), rate limits per IP and per
key, CORS for reads, the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, select

from catalogue import create_app, db
from catalogue.api.models import JetonApi


@pytest.fixture
def app_limitee(tmp_path: Any) -> Any:
    """An app whose limits are tiny, so the test reaches them in a few requests."""
    import os

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'limites.db'}"
    application = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test",
                              "SEARCH_INDEX_DIR": str(tmp_path / "index"),
                              "API_LIMITE_ANONYME": "3 per minute",
                              "API_LIMITE_CLE": "6 per minute"})
    with application.app_context():
        if not url.startswith("sqlite"):
            from sqlmodel import SQLModel

            SQLModel.metadata.drop_all(db.engine())
        db.creer_tables()
    yield application
    application.extensions["catalogue.engine"].dispose()


def _creer_cle(app: Flask, nom: str) -> str:
    resultat = app.test_cli_runner().invoke(args=["tokens", "create", nom])
    assert resultat.exit_code == 0, resultat.output
    return resultat.output.strip().splitlines()[-1]


def test_tokens_are_hashed_listed_and_revocable(app: Flask, client: Any, engine: Any):
    cle = _creer_cle(app, "Département du Pas-de-Calais")
    with Session(engine) as session:
        jeton = session.exec(select(JetonApi)).one()
        assert jeton.empreinte != cle and cle not in jeton.empreinte and len(jeton.empreinte) == 64
    runner = app.test_cli_runner()
    assert "Département du Pas-de-Calais\tcréée le" in runner.invoke(args=["tokens", "list"]).output
    double = runner.invoke(args=["tokens", "create", "Département du Pas-de-Calais"])
    assert double.exit_code == 2 and "existe déjà" in double.output
    entete = {"Authorization": f"Bearer {cle}"}
    assert client.get("/api/v1/sources", headers=entete).status_code == 200
    assert runner.invoke(args=["tokens", "revoke", "Département du Pas-de-Calais"]).exit_code == 0
    refusee = client.get("/api/v1/sources", headers=entete)
    assert refusee.status_code == 401
    assert refusee.get_json()["detail"][0]["loc"] == ["header", "Authorization"]
    assert client.get("/api/v1/sources", headers={"Authorization": "Basic xyz"}).status_code == 401
    assert client.get("/api/v1/sources").status_code == 200, "reads stay open without a key"


def test_rate_limit_per_ip_lifted_by_a_key(app_limitee: Flask):
    client = app_limitee.test_client()
    for _ in range(3):
        assert client.get("/api/v1/sources").status_code == 200
    bloquee = client.get("/api/v1/sources")
    assert bloquee.status_code == 429 and bloquee.headers.get("Retry-After")
    assert bloquee.get_json()["detail"][0]["type"] == "trop_de_requetes"
    assert "Trop de requêtes" in bloquee.get_json()["detail"][0]["msg"]
    autre_ip = client.get("/api/v1/sources", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert autre_ip.status_code == 200, "the limit is per IP"
    cle = _creer_cle(app_limitee, "France Travail")
    entete = {"Authorization": f"Bearer {cle}"}
    codes = [client.get("/api/v1/sources", headers=entete).status_code for _ in range(7)]
    assert codes == [200] * 6 + [429], "a key has its own, higher limit"
    assert client.get("/recherche?commune=62498").status_code != 429, "pages are not limited"


def test_cors_for_reads(client: Any):
    reponse = client.get("/api/v1/doc/frais", headers={"Origin": "https://partenaire.example"})
    assert reponse.headers["Access-Control-Allow-Origin"] == "*"
    pre = client.options("/api/v1/search/services", headers={
        "Origin": "https://partenaire.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Authorization"})
    assert pre.status_code == 200 and "GET" in pre.headers["Access-Control-Allow-Methods"]
    assert "authorization" in pre.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in reponse.headers
    page = client.get("/recherche?commune=62498", headers={"Origin": "https://x.example"})
    assert "Access-Control-Allow-Origin" not in page.headers, "only the API and the widget"


def test_errors_share_one_french_shape(client: Any):
    for url, statut in (("/api/v1/nulle-part", 404), ("/api/v1/services/inconnu", 404),
                        ("/api/v1/services?size=1000", 422)):
        reponse = client.get(url)
        assert reponse.status_code == statut and reponse.is_json, url
        detail = reponse.get_json()["detail"]
        assert set(detail[0]) == {"loc", "msg", "type"}, url
    ecriture = client.post("/api/v1/services")
    assert ecriture.status_code in (400, 405), "the API is read-only (the CSRF check may answer first)"
    assert set(ecriture.get_json()["detail"][0]) == {"loc", "msg", "type"}
    assert not client.get("/nulle-part").is_json, "pages keep their HTML errors"
