"""Programme pages: per-browser ownership, forms with field errors, suggestion, duplicate, archive,
exports. Forms carry the session's CSRF token like every form of the app."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests import test_programme_fixtures as fixtures
from tests.test_programme_fixtures import DEBUT, LENS, RSA, jeton

#: fixtures shared by the programme tests
app_programmes = fixtures.app_programmes
demo = fixtures.demo


class Navigateur:
    """A test client that sends the CSRF token with every form."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()
        self.jeton = jeton(self.client)

    def get(self, url: str) -> Any:
        return self.client.get(url)

    def post(self, url: str, **donnees: Any) -> Any:
        return self.client.post(url, data={**donnees, "csrf_token": self.jeton})


def creer(nav: Navigateur, **champs: Any) -> str:
    donnees = {"libelle": "M. T.", "commune": LENS, "debut": DEBUT.isoformat(), "nombre_semaines": "26",
               "cible_heures": "15", "publics": [RSA], "freins": ["mobilite", "sante"],
               "indisponibilites": "lundi-vendredi 11:30-13:30", **champs}
    reponse = nav.post("/programmes/nouveau", **donnees)
    assert reponse.status_code == 302, reponse.get_data(as_text=True)
    return str(reponse.headers["Location"])


def test_liste_et_exemples(demo: list[int], app_programmes: Flask) -> None:
    page = Navigateur(app_programmes).get("/programmes/").get_data(as_text=True)
    assert "Exemples à dupliquer" in page and "Exemple — objectif réduit" in page
    assert "Aucun programme pour le moment" in page


def test_creer_un_programme_et_y_ajouter_des_activites(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    assert nav.get("/programmes/").get_data(as_text=True).count("M. T.") == 1
    assert nav.post(f"{adresse}/activites", libelle="Démarches de recherche d'emploi",
                    heures_saisies="5").status_code == 302
    atelier = "demo--numerique-62510-premiers-pas-ordinateur"
    formulaire = nav.get(f"{adresse}?offre={atelier}").get_data(as_text=True)
    # pre-filled with the offer's sessions, less the person's unavailable time (11:30-13:30)
    assert "lundi 09:30-11:30" in formulaire
    assert nav.post(f"{adresse}/activites", offer_id=atelier, creneaux="lundi 09:30-12:30",
                    semaine_debut="3").status_code == 302
    page = nav.get(adresse).get_data(as_text=True)
    assert "Semaine par semaine" in page and "Premiers pas sur l&#39;ordinateur" in page
    assert "semaines 3 à 6" in page
    assert re.search(r"<td>3</td><td>21/09/2026</td>\s*<td>8 h</td>", page)
    assert "il manque 10 h" in page  # weeks with the 5 h alone
    assert "Le frein « Santé » n&#39;est levé par aucune activité" in page


def test_erreurs_du_formulaire_par_champ(app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    reponse = nav.post("/programmes/nouveau", libelle="Jean Dupont 1850578006084", commune="75000",
                       debut="demain", cible_heures="9", indisponibilites="dimanche 9-12")
    assert reponse.status_code == 422
    page = reponse.get_data(as_text=True)
    for message in ("pseudonyme ou des initiales", "commune introuvable « 75000 »",
                    "date attendue au format AAAA-MM-JJ", "demande un motif", "pas de créneau le dimanche"):
        assert message in page.replace("&#39;", "'").replace("&#34;", '"'), message
    assert 'value="Jean Dupont 1850578006084"' in page  # what was typed is kept


def test_activite_refusee_montre_l_erreur(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    reponse = nav.post(f"{adresse}/activites", offer_id="demo--numerique-62510-premiers-pas-ordinateur",
                       creneaux="vendredi 14:00-16:00")
    assert reponse.status_code == 422
    assert "en dehors des horaires d&#39;accueil" in reponse.get_data(as_text=True)


def test_un_autre_navigateur_ne_voit_pas_le_programme(demo: list[int], app_programmes: Flask) -> None:
    adresse = creer(Navigateur(app_programmes))
    autre = Navigateur(app_programmes)
    assert autre.get(adresse).status_code == 404
    assert autre.post(f"{adresse}/archiver").status_code == 404
    assert autre.get(f"/programmes/{demo[0]}").status_code == 200  # examples are for everyone
    assert autre.post(f"/programmes/{demo[0]}/archiver").status_code == 404  # but read only


def test_sans_jeton_csrf_refuse(app_programmes: Flask) -> None:
    client = app_programmes.test_client()
    assert client.post("/programmes/nouveau", data={"libelle": "X"}).status_code == 400


def test_proposer_puis_appliquer(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    proposition = nav.get(f"{adresse}/proposer?activites_max=8").get_data(as_text=True)
    assert "Lève le frein « Mobilité »" in proposition and "Lève le frein « Santé »" in proposition
    assert "semaines sur 26" in proposition
    assert nav.post(f"{adresse}/proposer", activites_max="8").status_code == 302
    page = nav.get(adresse).get_data(as_text=True)
    assert "26 semaines sur 26 atteignent l'objectif" in page, re.findall(r"\d+ semaines? sur 26[^<]*", page)
    assert "Proposée : " in page


def test_dupliquer_un_exemple_puis_archiver(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    reponse = nav.post(f"/programmes/{demo[1]}/dupliquer")
    assert reponse.status_code == 302 and reponse.headers["Location"].endswith("/modifier")
    copie = reponse.headers["Location"].removesuffix("/modifier")
    formulaire = nav.get(f"{copie}/modifier").get_data(as_text=True)
    assert 'value="Copie de Exemple — objectif réduit"' in formulaire
    assert "lundi 11:30-13:30" in formulaire
    assert nav.post(f"{copie}/archiver").status_code == 302
    assert "Copie de Exemple" in nav.get("/programmes/?archives=1").get_data(as_text=True)
    assert "Copie de Exemple" not in nav.get("/programmes/").get_data(as_text=True).split("Exemples")[0]


def test_modifier_et_retirer_une_activite(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    nav.post(f"{adresse}/activites", libelle="Démarches de recherche d'emploi", heures_saisies="5")
    assert nav.post(f"{adresse}/activites/1", libelle="Démarches de recherche d'emploi",
                    heures_saisies="6", creneaux="mardi 09:00-11:00").status_code == 302
    page = nav.get(adresse).get_data(as_text=True)
    assert "mar. 09:00-11:00" in page and "<strong>2 h</strong> par semaine" in page
    assert nav.post(f"{adresse}/activites/1/retirer").status_code == 302
    assert "Aucune activité." in nav.get(adresse).get_data(as_text=True)


def test_exports_depuis_la_page(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    base = f"/programmes/{demo[0]}/export"
    json_ = nav.get(f"{base}.json")
    assert json_.mimetype == "application/json" and json_.get_json()["format"] == "programme-15h"
    assert "attachment" in json_.headers["Content-Disposition"]
    ics = nav.get(f"{base}.ics")
    assert ics.mimetype == "text/calendar" and b"RRULE:FREQ=WEEKLY;UNTIL=" in ics.data
    assert "Mon programme d'activités" in nav.get(f"{base}.html").get_data(as_text=True)
    assert nav.get(f"{base}.pdf").status_code == 404


def test_proposer_avec_un_maximum_d_activites(demo: list[int], app_programmes: Flask) -> None:
    nav = Navigateur(app_programmes)
    adresse = creer(nav)
    page = nav.get(f"{adresse}/proposer?activites_max=2").get_data(as_text=True)
    assert page.count('<li class="carte">') <= 2 and 'value="2"' in page
    assert "Pourquoi ce choix" in page and "lève le plus de freins non couverts" in page
    erreur = nav.get(f"{adresse}/proposer?activites_max=beaucoup")
    assert erreur.status_code == 400
    message = "Nombre maximal d'activités : nombre entier attendu, reçu « beaucoup »"
    assert message in erreur.get_data(as_text=True)
    assert nav.post(f"{adresse}/proposer", activites_max="1").status_code == 302
    assert nav.get(adresse).get_data(as_text=True).count("Proposée : ") == 1
