"""One rule for the person's commune at every door (pages, API, CLI): `code_commune` is an INSEE
code and nothing else; `lieu` and `commune` are read as typed, and an ambiguous text is said."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from catalogue.recherche import requete_depuis
from search import RequeteInvalide


def test_code_commune_est_un_code_insee() -> None:
    assert requete_depuis(MultiDict({"code_commune": "62300"})).commune == "62300"  # Équihen-Plage
    with pytest.raises(RequeteInvalide) as erreur:
        requete_depuis(MultiDict({"code_commune": "Lens"}))
    assert erreur.value.parametre == "code_commune"


@pytest.mark.parametrize("parametre", ["commune", "lieu"])
def test_un_code_a_deux_sens_est_dit(parametre: str) -> None:
    """62300 is Lens's postal code and Équihen-Plage's INSEE code: the choice is the person's."""
    with pytest.raises(RequeteInvalide) as erreur:
        requete_depuis(MultiDict({parametre: "62300"}))
    message = str(erreur.value)
    assert erreur.value.parametre == parametre
    assert "Lens 62498" in message and "Équihen-Plage 62300" in message


@pytest.mark.parametrize(("texte", "code"), [("Lens", "62498"), ("62498", "62498"),
                                             ("35000", "35238"), ("Lens (62)", "62498")])
def test_un_texte_sans_ambiguite(texte: str, code: str) -> None:
    assert requete_depuis(MultiDict({"lieu": texte})).commune == code
    assert requete_depuis(MultiDict({"commune": texte})).commune == code


def test_api_et_page_suivent_la_meme_regle(client) -> None:
    api = client.get("/api/v1/search/services?commune=62300")
    message = api.get_json()["detail"][0]["msg"]
    assert api.status_code == 422 and "choisissez" in message and "Équihen-Plage" in message
    page = client.get("/recherche?lieu=62300")
    assert page.status_code == 400 and "Équihen-Plage" in page.get_data(as_text=True)
    assert client.get("/api/v1/search/services?code_commune=62300").status_code == 200


def test_lat_lon_vont_ensemble() -> None:
    with pytest.raises(RequeteInvalide) as erreur:
        requete_depuis(MultiDict({"code_commune": "62498", "lat": "50.4"}))
    assert erreur.value.parametre == "lon"
    req = requete_depuis(MultiDict({"code_commune": "62498", "lat": "50.4", "lon": "2.8",
                                    "rayon_km": "20"}))
    assert req.origine == (50.4, 2.8) and req.rayon_km == 20
    assert requete_depuis(MultiDict({"code_commune": "62498", "rayon_km": "aucun"})).rayon_km is None
    with pytest.raises(RequeteInvalide):
        requete_depuis(MultiDict({"code_commune": "62498", "lat": "inf", "lon": "2"}))


def test_page_et_api_suggerent_la_meme_chose(client, engine, tmp_path) -> None:
    from importers import importer_pour
    from importers.base import importer
    from tests.fabriques import ecrire_json, service, structure

    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)], "services": [
        service(1, nom="Atelier informatique", code_insee="62498"),
        service(2, nom="Information collective", code_insee="62498")]})
    importer(importer_pour([chemin]), engine)
    api = client.get("/api/v1/search/services?code_commune=62498&q=informatik").get_json()
    page = client.get("/recherche?code_commune=62498&q=informatik").get_data(as_text=True)
    assert api["suggestions"] == ["informatique", "information"]
    assert page.index(">informatique</a>") < page.index(">information</a>")
