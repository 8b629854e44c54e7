"""Shared fixtures and builders of the programme tests (imported by the other test_programme_* files).

`app_programmes` is the `app` fixture with the programmes blueprint and CLI group registered (until
`create_app` wires them itself); `demo` loads the demo catalogue and the two demo programmes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

import catalogue.programmes as programmes
from catalogue.demo.chargement import charger_demo
from catalogue.programmes import heures as h
from catalogue.programmes import models  # noqa: F401  (tables created by the app fixture)
from catalogue.programmes.demo import charger_programmes_demo
from catalogue.programmes.plan import ActivitePlan, Plan

LENS = "62498"
LIEVIN = "62510"
#: a Monday
DEBUT = dt.date(2026, 9, 7)
RSA = "beneficiaires-des-minimas-sociaux"


@pytest.fixture
def app_programmes(app: Flask) -> Flask:
    if "programmes" not in app.blueprints:
        programmes.init_app(app)
    return app


@pytest.fixture
def demo(app_programmes: Flask, engine: Engine) -> list[int]:
    """The demo catalogue and the two demo programmes; returns their ids."""
    charger_demo(engine)
    return charger_programmes_demo(engine, DEBUT)


@pytest.fixture
def session(engine: Engine) -> Any:
    with Session(engine, expire_on_commit=False) as s:
        yield s


def test_les_fixtures_se_chargent(demo: list[int]) -> None:
    assert len(demo) == 2


# ------------------------------------------------------------------------------------------------
# Builders for the pure tests


def creneau(jour: str, debut: str, fin: str) -> h.Creneau:
    return h.lire_creneau({"jour": jour, "debut": debut, "fin": fin}, "test")


def offre(ident: str = "o1", **champs: Any) -> dict[str, Any]:
    """A published offer open to everyone in the Pas-de-Calais, 3 h a week with no end."""
    return {"id": ident, "nom": f"Offre {ident}", "statut": "publiee", "zone_eligibilite": ["62"],
            "publics": ["tous-publics"], "modes_accueil": ["en-presentiel"],
            "thematiques": ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
            "volume_horaire_hebdomadaire": 3.0, "nombre_semaines": None, "horaires_accueil": None,
            "score_qualite": 0.8, "code_insee": LENS, "commune": "Lens", "latitude": 50.43,
            "longitude": 2.83, "date_maj": "2026-06-01", **champs}


def activite(cle: int, o: dict[str, Any] | None = None, creneaux: tuple[h.Creneau, ...] = (),
             **champs: Any) -> ActivitePlan:
    if o is None:
        return ActivitePlan(cle=cle, libelle=champs.pop("libelle", f"Activité {cle}"), creneaux=creneaux,
                            **champs)
    return ActivitePlan(cle=cle, libelle=str(o["nom"]), creneaux=creneaux, offre_id=str(o["id"]),
                        offre=o, **champs)


def plan(*activites: ActivitePlan, **champs: Any) -> Plan:
    valeurs: dict[str, Any] = {"commune": LENS, "debut": DEBUT, "nombre_semaines": 26, **champs}
    return Plan(activites=activites, **valeurs)


# ------------------------------------------------------------------------------------------------
# Forms (CSRF)


def jeton(client: FlaskClient, url: str = "/programmes/nouveau") -> str:
    """The session's CSRF token, read from a form page."""
    page = client.get(url).get_data(as_text=True)
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "formulaire sans jeton CSRF"
    return m.group(1)
