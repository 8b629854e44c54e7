"""The three exports of a programme and the JSON exchange format: schema, round trip, iCalendar, A4."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
from data_inclusion.schema import v1
from flask import Flask
from sqlmodel import Session, SQLModel

from catalogue.programmes import exports, service
from catalogue.programmes.erreurs import SaisieInvalide
from catalogue.programmes.schema import erreurs_schema, schema
from tests import test_programme_fixtures as fixtures

#: fixtures shared by the programme tests
app_programmes = fixtures.app_programmes
demo = fixtures.demo
session = fixtures.session

RACINE = Path(__file__).resolve().parents[1]
SCHEMA_DOCS = RACINE / "docs" / "programme.schema.json"
DOC_FORMAT = RACINE / "docs" / "programme-schema.md"


def document_demo(session: Session, programme_id: int) -> dict[str, Any]:
    vue = service.vue_programme(session, service.trouver_programme(session, programme_id))
    return json.loads(exports.json_programme(vue))


# --- the schema -------------------------------------------------------------------------------


def test_le_fichier_de_schema_est_le_schema_du_code() -> None:
    assert json.loads(SCHEMA_DOCS.read_text(encoding="utf-8")) == schema()


def test_la_documentation_decrit_chaque_champ() -> None:
    """Docs that cannot drift: every property of our definitions is named in the format's page."""
    texte = DOC_FORMAT.read_text(encoding="utf-8")
    definitions = schema()["$defs"]
    noms = set(schema()["properties"])
    for nom in ("Programme", "Activite", "Creneau", "Semaine"):
        noms |= set(definitions[nom]["properties"])
    noms |= set(definitions["Programme"]["properties"]["cible"]["properties"])
    manquants = sorted(n for n in noms if f"`{n}`" not in texte)
    assert manquants == []


def test_le_service_du_schema_vient_du_paquet_data_inclusion() -> None:
    assert schema()["$defs"]["Service"]["properties"].keys() == v1.Service.model_json_schema()[
        "properties"].keys()


def test_validateur_signale_les_chemins() -> None:
    erreurs = erreurs_schema({"format": "programme-15h", "version": "2.0", "programme": {},
                              "activites": [{"numero": 0}], "semaines": [], "en_trop": 1})
    champs = {e.champ for e in erreurs}
    assert {"document.version", "document.programme.commune", "document.activites[0].numero",
            "document.activites[0].creneaux", "document.en_trop"} <= champs


# --- JSON export, validation, round trip --------------------------------------------------------


def test_export_json_valide_son_schema_et_le_schema_national(demo: list[int], session: Session) -> None:
    for programme_id in demo:
        document = document_demo(session, programme_id)
        assert erreurs_schema(document) == []
        services = [a["service"] for a in document["activites"] if a["service"] is not None]
        assert services
        for s in services:
            v1.Service.model_validate(s)
        libres = [a for a in document["activites"] if a["type"] == "libre"]
        assert libres and all(a["service"] is None and a["offre_id"] is None for a in libres)


def test_export_json_sans_donnee_personnelle(demo: list[int], session: Session) -> None:
    texte = json.dumps(document_demo(session, demo[0]), ensure_ascii=False)
    assert "Exemple — objectif 15 h" not in texte
    assert "proprietaire" not in texte and "cree_le" not in texte and "modifie_le" not in texte


def test_semaines_du_json(demo: list[int], session: Session) -> None:
    document = document_demo(session, demo[1])
    assert document["programme"]["cible"] == {"heures_hebdomadaires": 10.0, "parcours": "socio-professionnel",
                                              "motif_reduction": "parent-isole-sans-garde"}
    assert [s["heures"] for s in document["semaines"][:5]] == [12, 12, 12, 12, 10]
    atelier = next(a for a in document["activites"] if a["offre_id"] == "demo--budget-62498-atelier-budget")
    assert (atelier["semaine_debut"], atelier["semaine_fin"], atelier["heures_hebdomadaires"]) == (1, 4, 2.0)
    permanence = next(a for a in document["activites"] if a["source_heures"] == "supposee")
    assert permanence["heures_saisies"] == 1.0 and permanence["creneaux"] == []


def test_aller_retour_json_identique(demo: list[int], session: Session) -> None:
    for programme_id in demo:
        document = document_demo(session, programme_id)
        importe = service.importer_programme(session, copy.deepcopy(document), "moi")
        session.commit()
        assert document_demo(session, service.identifiant(importe)) == document
        assert importe.libelle == "Programme importé" and importe.proprietaire == "moi"


def test_aller_retour_vers_un_catalogue_sans_ces_offres(demo: list[int], session: Session,
                                                        app_programmes: Flask) -> None:
    """Another catalogue: the offers are unknown there; the file's v1 records keep the plan whole."""
    document = document_demo(session, demo[0])
    moteur = session.get_bind()
    with Session(moteur) as autre:
        from catalogue.models import Offer, OfferTag, Structure

        for modele in (OfferTag, Offer, Structure):
            autre.execute(SQLModel.metadata.tables[modele.__tablename__].delete())  # type: ignore[attr-defined]
        autre.commit()
        importe = service.importer_programme(autre, copy.deepcopy(document), "moi")
        autre.commit()
        assert document_demo(autre, service.identifiant(importe)) == document
        vue = service.vue_programme(autre, importe)
        assert {c.code for c in vue.constats} >= {"offre-hors-catalogue"}
        # every week but the one of 11 November (a public holiday: an offer says `PH off`)
        assert [s.numero for s in vue.semaines if not s.atteinte] == [10]


def test_import_refuse_un_document_invalide(demo: list[int], session: Session) -> None:
    document = document_demo(session, demo[0])
    abime = copy.deepcopy(document)
    abime["activites"][0]["creneaux"][0]["debut"] = "9 heures"
    abime["activites"][1]["service"]["publics"] = ["tous-publics", "femmes"]
    abime["programme"]["commune"]["code_insee"] = "99999"
    with pytest.raises(SaisieInvalide) as exc:
        service.importer_programme(session, abime, "moi")
    assert "document.activites[0].creneaux[0].debut" in exc.value.par_champ()
    conflit = copy.deepcopy(document)
    conflit["activites"][0]["creneaux"] = [{"jour": "Su", "debut": "09:00", "fin": "10:00"}]
    with pytest.raises(SaisieInvalide, match=r"document\.activites\[0\]\.creneaux\[0\]\.jour"):
        service.importer_programme(session, conflit, "moi")
    inconnue = copy.deepcopy(document)
    inconnue["programme"]["commune"]["code_insee"] = "99999"
    with pytest.raises(SaisieInvalide, match="commune : code INSEE de commune inconnu"):
        service.importer_programme(session, inconnue, "moi")


def test_import_signale_un_service_data_inclusion_invalide(demo: list[int], session: Session) -> None:
    document = document_demo(session, demo[0])
    document["activites"][0]["service"]["publics"] = ["tous-publics", "femmes"]
    with pytest.raises(SaisieInvalide) as exc:
        service.importer_programme(session, document, "moi")
    assert any(e.champ.startswith("document.activites[0].service.publics") for e in exc.value.erreurs)


def test_le_document_valide_avec_jsonschema(demo: list[int], session: Session) -> None:
    jsonschema.Draft202012Validator(schema()).validate(document_demo(session, demo[0]))


# --- iCalendar ----------------------------------------------------------------------------------


def test_ics_evenements_hebdomadaires_avec_fin(demo: list[int], session: Session) -> None:
    vue = service.vue_programme(session, service.trouver_programme(session, demo[1]))
    calendrier = icalendar.Calendar.from_ical(exports.ics_programme(vue))
    evenements = list(calendrier.walk("VEVENT"))
    creneaux = sum(len(va.activite.creneaux) for va in vue.activites)
    assert len(evenements) == creneaux == 5
    assert calendrier.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    atelier = next(e for e in evenements if "budget" in str(e["SUMMARY"]))
    debut = atelier.decoded("DTSTART")
    assert debut == dt.datetime(2026, 9, 7, 9, 0, tzinfo=exports.FUSEAU)
    assert atelier.decoded("DTEND") == dt.datetime(2026, 9, 7, 11, 0, tzinfo=exports.FUSEAU)
    regle = atelier["RRULE"]
    assert regle["FREQ"] == ["WEEKLY"]
    assert regle["UNTIL"][0] == dt.datetime(2026, 9, 28, 7, 0, tzinfo=dt.UTC)  # 9 h in Paris, week 4
    assert "62300 Lens" in str(atelier["LOCATION"])
    assert "Sans horaire fixe : Permanence d'accès aux droits à Lens" in str(calendrier["X-WR-CALDESC"])
    texte = exports.ics_programme(vue).decode()
    assert "RRULE:FREQ=WEEKLY;UNTIL=20260928T070000Z" in texte
    assert texte.count("BEGIN:VEVENT") == 5


def test_ics_uid_stables(demo: list[int], session: Session) -> None:
    vue = service.vue_programme(session, service.trouver_programme(session, demo[0]))
    assert exports.ics_programme(vue) == exports.ics_programme(vue)


# --- printable page -----------------------------------------------------------------------------


def test_page_a_imprimer(demo: list[int], session: Session, app_programmes: Flask) -> None:
    vue = service.vue_programme(session, service.trouver_programme(session, demo[1]))
    with app_programmes.test_request_context():
        page = exports.html_programme(vue)
    assert "@page { size: A4 portrait" in page
    assert "Mon programme d'activités" in page and "Ma semaine" in page
    assert page.count('<th scope="col">') == 6  # one week grid, Monday to Saturday
    assert "Objectif : 10 h d'activités par semaine, adapté à votre situation" in page
    assert "parent isolé" not in page.lower() and "parent-isole" not in page  # nor is the reason
    assert "Téléphone : 01 99 00" in page and "62300 Lens" in page
    assert "(durée estimée)" in page and "Horaire à convenir avec la structure" in page
    assert "Semaines 1 à 4 : 12 h par semaine · Semaines 5 à 26 : 10 h par semaine" in page


def test_exporter_noms_et_types(demo: list[int], session: Session, app_programmes: Flask) -> None:
    vue = service.vue_programme(session, service.trouver_programme(session, demo[0]))
    with app_programmes.test_request_context():
        fichiers = {f: exports.exporter(vue, f) for f in exports.FORMATS}
    assert fichiers["json"].nom_fichier == f"programme-{demo[0]}.json"
    assert fichiers["ics"].type_mime.startswith("text/calendar")
    with pytest.raises(ValueError, match="inconnu"):
        exports.exporter(vue, "pdf")
