"""Helpers and fixtures for the curation tests: accounts, signing in, posting with the CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue import db
from catalogue.curation.acces import creer_utilisateur
from catalogue.demo.chargement import charger_demo
from catalogue.models import Utilisateur

MOT_DE_PASSE = "un-mot-de-passe-solide"
JETON = "jeton-de-test"


def compte(app: Flask, courriel: str, role: str, departements: tuple[str, ...] = ()) -> Utilisateur:
    with app.app_context(), db.session_scope() as s:
        u = creer_utilisateur(s, courriel, MOT_DE_PASSE, role, departements)
        s.commit()
        return u


def poster(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST with this session's CSRF token (set when the session has none)."""
    with client.session_transaction() as session:
        jeton = session.setdefault("_csrf", JETON)
    return client.post(url, data={**(data or {}), "csrf_token": jeton}, **kwargs)


def connecter(client: FlaskClient, courriel: str) -> Any:
    reponse = poster(client, "/curation/connexion", {"courriel": courriel,
                                                     "mot_de_passe": MOT_DE_PASSE})
    assert reponse.status_code == 302, reponse.text
    return reponse


@pytest.fixture
def demo(app: Flask, engine: Any) -> Any:
    return charger_demo(engine)


@pytest.fixture
def comptes(app: Flask) -> dict[str, Utilisateur]:
    return {
        "animateur62": compte(app, "anim62@exemple.org", "animateur", ("62",)),
        "animateur35": compte(app, "anim35@exemple.org", "animateur", ("35",)),
        "referent": compte(app, "referent@exemple.org", "referent"),
        "admin": compte(app, "admin@exemple.org", "admin"),
    }


def client_de(app: Flask, courriel: str) -> FlaskClient:
    client = app.test_client()
    connecter(client, courriel)
    return client
