"""Duplicate clusters (`catalogue doublons regrouper`) feed the search's `exclure_doublons`; the
index follows them through the change journal like any other change of an offer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import Session, select

from catalogue.curation.grappes import grappes
from catalogue.models import GrappeDoublons, NonDoublon
from catalogue.recherche import index_de, verifier
from importers import importer_pour
from importers.base import importer
from search import Requete
from tests.fabriques import ecrire_json, service, structure

LENS = "62498"


def test_union_des_paires() -> None:
    assert grappes([("b", "c"), ("a", "b"), ("x", "y")]) == {
        "a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
    assert grappes([]) == {}


def _catalogue(tmp_path: Path, engine: Any) -> None:
    jumeau = {"nom": "Atelier permis de conduire solidaire", "code_insee": LENS,
              "description": "Préparer le code et la conduite avec une monitrice, à Lens.",
              "thematiques": ["mobilite--preparer-un-permis"]}
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)], "services": [
        service(1, **jumeau), service(2, **jumeau),
        service(3, nom="Atelier cuisine", code_insee=LENS)]})
    importer(importer_pour([chemin]), engine)


def test_regrouper_puis_chercher_sans_doublons(app: Flask, engine: Any, runner: FlaskCliRunner,
                                              tmp_path: Path) -> None:
    _catalogue(tmp_path, engine)
    idx = index_de(str(app.config["SEARCH_INDEX_DIR"]))
    assert idx.search(Requete(LENS, exclure_doublons=True)).total == 3, "no cluster yet"
    sortie = runner.invoke(args=["doublons", "regrouper"])
    assert sortie.exit_code == 0, sortie.output
    assert "2 offres changent de grappe" in sortie.output
    with Session(engine) as s:
        assert dict(s.exec(select(GrappeDoublons.offer_id, GrappeDoublons.grappe)).all()) == {
            "test--o1": "test--o1", "test--o2": "test--o1"}
    assert idx.search(Requete(LENS, exclure_doublons=True)).total == 2
    assert idx.search(Requete(LENS)).total == 3
    assert verifier(engine, str(app.config["SEARCH_INDEX_DIR"])).aucun
    # « pas un doublon » : the next run splits the cluster
    with Session(engine) as s:
        s.add(NonDoublon(objet="offre", id_a="test--o1", id_b="test--o2"))
        s.commit()
    assert "2 offres changent" in runner.invoke(args=["doublons", "regrouper"]).output
    assert idx.search(Requete(LENS, exclure_doublons=True)).total == 3
    assert "0 offre change de grappe" in runner.invoke(args=["doublons", "regrouper"]).output
