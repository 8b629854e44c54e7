"""An empty `zone_eligibilite` list means what a missing one means, everywhere: the import warns
and stores it absent, the search treats both as « no restriction », the export writes null."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlmodel import Session

from catalogue.exports import exporter
from catalogue.models import Offer
from catalogue.recherche import index_de
from importers import importer_pour
from importers.base import importer
from search import Requete
from tests.fabriques import ecrire_json, service, structure


def test_liste_vide_comme_absente(app: Flask, engine: Any, tmp_path: Path) -> None:
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)], "services": [
        service(1, zone_eligibilite=[], code_insee="35238"),
        service(2, code_insee="35238", **{"zone_eligibilite": None})]})
    rapport = importer(importer_pour([chemin]), engine)
    items = {i.record_id: i for i in rapport.items}
    avertis = [w for w in items["test--o1"].warnings if w["field"] == "zone_eligibilite"]
    assert avertis and "vide" in avertis[0]["message"] and "absente" in avertis[0]["message"]
    assert not [w for w in items["test--o2"].warnings if w["field"] == "zone_eligibilite"]
    with Session(engine) as s:
        assert s.get(Offer, "test--o1").zone_eligibilite is None  # type: ignore[union-attr]
        exporter(s, tmp_path / "export")
    services = json.loads((tmp_path / "export" / "services.json").read_text(encoding="utf-8"))
    assert {s["id"]: s["zone_eligibilite"] for s in services} == {"test--o1": None,
                                                                  "test--o2": None}
    trouves = index_de(str(app.config["SEARCH_INDEX_DIR"])).search(Requete("35238"))
    assert {h.id: h.eligibilite for h in trouves.hits} == {"test--o1": "partout",
                                                           "test--o2": "partout"}
