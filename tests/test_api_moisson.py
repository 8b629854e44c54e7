"""Harvesting: a harvester takes the whole catalogue, the catalogue changes, the harvester's
incremental take sees exactly that change (withdrawals included)."""

from __future__ import annotations

import json
from typing import Any

from data_inclusion.schema import v1
from sqlmodel import Session

from catalogue.services import Auteur, changer_statut
from importers import importer_pour
from importers.base import importer
from tests.api_outils import charger_catalogue
from tests.fabriques import ecrire_json, service, structure


def _tout_prendre(client: Any) -> tuple[dict[str, dict[str, Any]], Any]:
    reponse = client.get("/api/v1/exports/services.json")
    assert reponse.status_code == 200 and reponse.mimetype == "application/json"
    return {s["id"]: s for s in json.loads(reponse.get_data())}, reponse


def _suivre(client: Any, depuis: int) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(f"/api/v1/changements?depuis={depuis}&size=2").get_json()
        items += page["items"]
        depuis = page["suivant"]
        if page["fin"]:
            return items, depuis


def test_harvester_full_take_then_exactly_the_change(client: Any, engine: Any, tmp_path: Any):
    charger_catalogue(engine, tmp_path)
    services, reponse = _tout_prendre(client)
    assert set(services) == {"test--o1", "test--o2"}, "published offers only"
    for s in services.values():
        v1.Service.model_validate(s)
    etag, sequence = reponse.headers["ETag"], int(reponse.headers["X-Sequence-Changements"])
    assert reponse.headers["Last-Modified"]
    assert client.get("/api/v1/exports/services.json",
                      headers={"If-None-Match": etag}).status_code == 304
    assert _suivre(client, sequence)[0] == [], "nothing changed since the full take"

    # the catalogue changes: a source updates o1, o2 is suspended, o4 is published again
    chemin = ecrire_json(tmp_path / "maj.json", {
        "structures": [structure(1, commune="Lens", code_postal="62300", code_insee="62498",
                                 reseaux_porteurs=["mission-locale"])],
        "services": [service(1, nom="Code de la route, nouvelle session", date_maj="2025-07-01",
                             thematiques=["mobilite--preparer-un-permis"], publics=["jeunes"],
                             commune="Lens", code_postal="62300", code_insee="62498",
                             latitude=50.4322, longitude=2.8319, frais="gratuit", type="atelier",
                             courriel="atelier@exemple.org", horaires_accueil="Tu,Th 09:00-12:00")]})
    assert importer(importer_pour([chemin]), engine).run["statut"] == "done"
    with Session(engine) as session:
        changer_statut(session, "test--o2", "suspendue", None, Auteur())
        changer_statut(session, "test--o4", "publiee", None, Auteur())
        session.commit()

    items, suivant = _suivre(client, sequence)
    vus = {(i["type"], i["id"], i["operation"]) for i in items}
    assert vus == {("service", "test--o1", "publication"), ("service", "test--o2", "retrait"),
                   ("service", "test--o4", "publication")}
    par_id = {i["id"]: i for i in items}
    assert par_id["test--o1"]["donnees"]["nom"] == "Code de la route, nouvelle session"
    assert par_id["test--o2"]["donnees"] is None
    assert suivant > sequence and _suivre(client, suivant)[0] == []

    nouveaux, reponse = _tout_prendre(client)
    assert reponse.headers["ETag"] != etag, "the dump was regenerated"
    assert set(nouveaux) == {"test--o1", "test--o4"}
    assert nouveaux["test--o1"]["nom"] == "Code de la route, nouvelle session"
    assert client.get("/api/v1/exports/services.json",
                      headers={"If-None-Match": etag}).status_code == 200


def test_withdrawn_structure_and_csv_dumps(client: Any, engine: Any, tmp_path: Any):
    charger_catalogue(engine, tmp_path)
    csv = client.get("/api/v1/exports/structures.csv")
    assert csv.mimetype == "text/csv"
    lignes = csv.get_data(as_text=True).splitlines()
    assert lignes[0].startswith("source,id,nom") and len(lignes) == 2, "test--s2 has drafts only"
    structures = json.loads(client.get("/api/v1/exports/structures.json").get_data())
    assert [s["id"] for s in structures] == ["test--s1"]
    sequence = int(client.get("/api/v1/exports/services.csv").headers["X-Sequence-Changements"])
    with Session(engine) as session:
        changer_statut(session, "test--o1", "archivee", None, Auteur())
        changer_statut(session, "test--o2", "archivee", None, Auteur())
        session.commit()
    items, _ = _suivre(client, sequence)
    assert ("structure", "test--s1", "retrait") in {(i["type"], i["id"], i["operation"])
                                                   for i in items}


def test_feed_parameters(client: Any):
    assert client.get("/api/v1/changements").get_json() == {"items": [], "depuis": 0,
                                                             "suivant": 0, "fin": True}
    assert client.get("/api/v1/changements?depuis=-1").status_code == 422
