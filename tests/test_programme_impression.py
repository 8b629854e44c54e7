"""Issue 18 point 13: the printable page and the programme list say what is true."""

from __future__ import annotations

from typing import Any

from flask import Flask

import tests.test_programme_fixtures as fixtures
from catalogue.programmes import exports
from catalogue.programmes import heures as h
from tests.curation_outils import client_de
from tests.curation_outils import comptes as comptes  # noqa: F401 — fixture
from tests.test_programme_fixtures import creneau
from tests.test_programme_pages import Navigateur, creer

app_programmes = fixtures.app_programmes
demo = fixtures.demo


def test_slots_name_each_day_once():
    creneaux = (creneau("Mo", "09:00", "12:00"), creneau("Mo", "14:00", "16:00"),
                creneau("Th", "09:00", "11:00"))
    assert h.creneaux_en_mots(creneaux) == ("le lundi de 9 h à 12 h et de 14 h à 16 h, "
                                            "et le jeudi de 9 h à 11 h")
    assert h.creneaux_en_mots(creneaux[2:]) == "le jeudi de 9 h à 11 h"
    assert h.creneaux_en_mots((creneaux[0], creneaux[2])) == ("le lundi de 9 h à 12 h et le jeudi "
                                                              "de 9 h à 11 h")


def test_an_offer_without_hours_is_not_an_estimate_of_0_h(demo: list[int],
                                                           app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    sans_heures = "demo--acces-aux-droits-62427-permanence-acces-aux-droits-62498"
    assert nav.post(f"{adresse}/activites", offer_id=sans_heures).status_code == 302
    reponse = nav.get(f"{adresse}/export.html")
    assert reponse.headers["Content-Type"] == "text/html; charset=utf-8"
    page = reponse.get_data(as_text=True)
    assert "(0 h par semaine)" not in page and "0 h par semaine (durée estimée)" not in page
    assert "(durée à convenir)" in page, "in the « sans horaire fixe » line"
    assert "durée à convenir avec la structure" in page


def test_the_list_tells_a_signed_in_referent_programmes_follow_their_account(
        app_programmes: Flask, comptes: Any) -> None:
    anonyme = app_programmes.test_client().get("/programmes/").get_data(as_text=True)
    assert "rattachés à ce navigateur" in anonyme
    referent = client_de(app_programmes, "referent@exemple.org").get("/programmes/").get_data(as_text=True)
    assert "rattachés à votre compte" in referent and "tant que les comptes" not in referent


def test_exported_types_have_one_charset(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    for format_ in exports.FORMATS:
        entete = nav.get(f"/programmes/{demo[0]}/export.{format_}").headers["Content-Type"]
        assert entete.count("charset") == 1, entete
