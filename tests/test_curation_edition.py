"""Edit forms (the importers' rules, French messages by field, what was typed kept), optimistic
locking, history, quality and freshness lists, "toujours à jour", archive."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from catalogue import db, services
from catalogue.curation import qualite
from catalogue.curation import services as curation
from catalogue.models import Modification, Offer, Utilisateur
from tests.curation_outils import client_de, comptes, demo, poster  # noqa: F401 - fixtures
from tests.test_curation_revue import OFFRE, _offre, formulaire

pytestmark = pytest.mark.usefixtures("demo", "comptes")


def _modifier(app: Flask, client: Any, **champs: Any) -> Any:
    return poster(client, f"/curation/offres/{OFFRE}/modifier", {**formulaire(app, OFFRE), **champs})


def test_bad_values_get_french_messages_next_to_their_field_and_are_kept(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    reponse = _modifier(app, client, nom="CV", volume_horaire_hebdomadaire="beaucoup",
                        nombre_semaines="0", courriel="pas-une-adresse",
                        zone_eligibilite="62498, 1234", publics=["tous-publics", "jeunes"])
    assert reponse.status_code == 400
    page = html.unescape(reponse.text)
    assert "Entre 3 et 150 caractères attendus." in page
    assert "Nombre attendu (par exemple 3 ou 2.5)." in page
    assert "Nombre de semaines entre 1 et 520 attendu (ici 0)." in page
    assert "Adresse de courriel invalide." in page
    assert "« tous-publics » ne peut pas être combiné à d'autres publics." in page
    assert 'aria-describedby="aide-nom erreur-nom"' in page and 'id="erreur-nom"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="beaucoup"' in page and 'value="pas-une-adresse"' in page, "typed values kept"
    assert 'value="62498, 1234"' in page
    assert _offre(app).nom == "Atelier CV et lettre de motivation", "nothing written"


def test_an_unknown_commune_is_refused_on_the_commune_field(app: Flask):
    reponse = _modifier(app, client_de(app, "anim62@exemple.org"), commune="Atlantide")
    assert reponse.status_code == 400
    page = html.unescape(reponse.text)
    assert "code commune INSEE à 5 caractères attendu" in page and 'id="erreur-commune"' in page
    assert 'value="Atlantide"' in page


def test_a_valid_edit_is_written_recorded_and_searchable(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    reponse = _modifier(app, client, nom="Atelier CV et lettre", volume_horaire_hebdomadaire="2,5",
                        commune="Liévin (62)", zone_eligibilite="Lens (62), 246200364")
    assert reponse.status_code == 302, reponse.text
    o = _offre(app)
    assert (o.nom, o.volume_horaire_hebdomadaire, o.code_insee, o.commune) == (
        "Atelier CV et lettre", 2.5, "62510", "Liévin")
    assert o.zone_eligibilite == ["62498", "246200364"] and o.date_maj == date.today()
    assert o.version == 2
    with app.app_context(), db.session_scope() as s:
        m = s.exec(select(Modification).where(Modification.origine == "edition")).one()
        auteur = s.get(Utilisateur, m.auteur_id)
    assert auteur is not None and auteur.courriel == "anim62@exemple.org"
    assert m.changements["nom"] == {"avant": "Atelier CV et lettre de motivation",
                                    "apres": "Atelier CV et lettre"}
    page = client.get(f"/curation/offres/{OFFRE}").text
    assert "Modification à la main" in page and "anim62@exemple.org" in page
    resultats = client.get("/api/v1/search/services?commune=62498&q=lettre").get_json()
    noms = {i["service"]["nom"] for i in resultats["items"]}
    assert "Atelier CV et lettre" in noms, "the index follows the edit"


def test_concurrent_edits_do_not_lose_one_silently(app: Flask):
    """Two animateurs open the same form (version 1); the second to save is told, nothing of
    theirs is written, what they typed is kept, and saving again is a deliberate choice."""
    premiere, seconde = client_de(app, "anim62@exemple.org"), client_de(app, "admin@exemple.org")
    lu = formulaire(app, OFFRE)
    assert poster(premiere, f"/curation/offres/{OFFRE}/modifier",
                  {**lu, "nombre_semaines": "6"}).status_code == 302
    reponse = poster(seconde, f"/curation/offres/{OFFRE}/modifier",
                     {**lu, "contact_nom_prenom": "Karim Benali"})
    assert reponse.status_code == 409
    assert "Quelqu'un d'autre a enregistré cette fiche" in reponse.text
    assert 'value="Karim Benali"' in reponse.text, "what was typed is kept"
    assert "Nombre de semaines" in reponse.text and "→ 6" in reponse.text, "their change is shown"
    o = _offre(app)
    assert (o.nombre_semaines, o.contact_nom_prenom, o.version) == (6, None, 2)
    assert 'name="version" value="2"' in reponse.text
    assert poster(seconde, f"/curation/offres/{OFFRE}/modifier",
                  {**formulaire(app, OFFRE), "contact_nom_prenom": "Karim Benali"}
                  ).status_code == 302


def test_the_service_layer_refuses_a_stale_version(app: Flask):
    with app.app_context(), db.session_scope() as s:
        u = s.exec(select(Utilisateur).where(Utilisateur.courriel == "anim62@exemple.org")).one()
        curation.modifier_offre(s, OFFRE, {"nombre_semaines": 4}, 1, u)
        s.commit()
        with pytest.raises(services.VersionPerimee):
            curation.modifier_offre(s, OFFRE, {"nombre_semaines": 5}, 1, u)
        s.rollback()
        assert s.get(Offer, OFFRE).nombre_semaines == 4


def test_structure_edit_with_validation_and_lock(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    url = "/curation/structures/demo--emploi-62498/modifier"
    with app.app_context(), db.session_scope() as s:
        from catalogue.models import Structure

        empreinte = s.get(Structure, "demo--emploi-62498").empreinte
    mauvais = poster(client, url, {"version": empreinte, "nom": "Espace emploi", "siret": "123"})
    assert mauvais.status_code == 400 and "14 chiffres attendus" in mauvais.text
    assert 'value="123"' in mauvais.text
    assert poster(client, url, {"version": empreinte, "nom": "Espace emploi de Lens",
                                "commune": "62498"}).status_code == 302
    perimee = poster(client, url, {"version": empreinte, "nom": "Autre nom"})
    assert perimee.status_code == 409 and "Quelqu'un d'autre" in perimee.text


def test_html_typed_in_a_field_is_stored_as_plain_text(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    piege = '<img src=x onerror="alert(1)">Karim'
    assert _modifier(app, client, contact_nom_prenom=piege,
                     adresse='<script>alert("x")</script>').status_code == 302
    # every text field that goes out is plain text (issue 17, point 8): the tags are removed
    assert _offre(app).contact_nom_prenom == "Karim"
    for url in (f"/offres/{OFFRE}", f"/curation/offres/{OFFRE}"):
        page = client.get(url).text
        assert "<img src=x" not in page and "<script>alert" not in page
        assert "Karim" in page


# ------------------------------------------------------------------------------------------------
# Quality and freshness


def test_quality_criteria_in_words(app: Flask):
    with app.app_context(), db.session_scope() as s:
        o = s.get(Offer, OFFRE)
        o.description, o.courriel, o.telephone = "Un atelier court.", None, None
        q = qualite.qualite_actuelle(o)
    assert "Aucun moyen de contact (téléphone, courriel ou lien)." in q.manques
    assert any("Description trop courte" in m for m in q.manques)
    assert 0 < q.score < 1


def test_a_completer_lists_missing_hours_publics_contacts(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    _modifier(app, client, volume_horaire_hebdomadaire="", telephone="", courriel="")
    page = client.get("/curation/qualite/?liste=a-completer").text
    assert "Atelier CV et lettre de motivation" in page
    assert "Heures par semaine non renseignées" in page and "Aucun contact" in page


def test_a_actualiser_follows_the_frequency_and_toujours_a_jour_refreshes(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    with app.app_context(), db.session_scope() as s:
        o = s.get(Offer, OFFRE)
        o.date_maj = date.today() - timedelta(days=100)
        s.add(o)
        s.commit()
    assert "Atelier CV et lettre de motivation" not in client.get(
        "/curation/qualite/?liste=a-actualiser").text, "6 months by default"
    assert poster(client, f"/curation/offres/{OFFRE}/frequence", {"mois": "3"}).status_code == 302
    page = client.get("/curation/qualite/?liste=a-actualiser").text
    assert "Atelier CV et lettre de motivation" in page
    score_avant = _offre(app).score_qualite
    poster(client, f"/curation/offres/{OFFRE}/confirmer",
           {"suite": "/curation/qualite/?liste=a-actualiser"})
    o = _offre(app)
    assert o.date_maj == date.today() and o.score_qualite >= score_avant
    assert "Atelier CV et lettre de motivation" not in client.get(
        "/curation/qualite/?liste=a-actualiser").text
    assert "Confirmée « toujours à jour »" in client.get(f"/curation/offres/{OFFRE}").text
    from tests.test_curation_revue import importer_modifie

    rapport = importer_modifie(app, {OFFRE: {}}, revue=False)
    assert rapport.items[-1].status == "unchanged", "re-importing the source keeps the new date"
    assert _offre(app).date_maj == date.today()


def test_never_means_never_due(app: Flask):
    o = Offer(id="x", structure_id="s", nom="x", description="x", date_maj=date(2020, 1, 1),
              source="t", source_id="x")
    assert not qualite.a_actualiser(o, 0) and qualite.a_actualiser(o, 16)
    assert qualite.ajouter_mois(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_archive_hides_from_search_and_is_recorded(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    assert poster(client, f"/curation/offres/{OFFRE}/statut",
                  {"statut": "archivee", "version": "1"}).status_code == 302
    assert _offre(app).statut == "archivee"
    resultats = client.get("/api/v1/search/services?commune=62498&par_page=100").get_json()
    assert OFFRE not in {i["service"]["id"] for i in resultats["items"]}
    assert "Archivage" in client.get(f"/curation/offres/{OFFRE}").text
    poster(client, f"/curation/offres/{OFFRE}/statut", {"statut": "publiee", "version": "2"})
    assert _offre(app).statut == "publiee"


def test_text_areas_sent_with_crlf_are_not_a_change(app: Flask):
    client = client_de(app, "anim62@exemple.org")
    donnees = formulaire(app, OFFRE)
    donnees["description"] = donnees["description"].replace("\n", "\r\n")
    assert poster(client, f"/curation/offres/{OFFRE}/modifier", donnees).status_code == 302
    with app.app_context(), db.session_scope() as s:
        m = s.exec(select(Modification).where(Modification.origine == "edition")).one()
    assert "description" not in m.changements and set(m.changements) == {"date_maj"}
