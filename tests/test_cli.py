"""The `catalogue` command, driven like a user would (Click's runner on the real app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fabriques import ecrire_json, service, structure


def test_init_import_report_export(runner: Any, tmp_path: Path):
    assert runner.invoke(args=["init"]).exit_code == 0
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1), service(2, frais="x")]})
    rapport = tmp_path / "rapport.json"
    resultat = runner.invoke(args=["import", str(chemin), "--publier", "--report", str(rapport)])
    assert resultat.exit_code == 3, resultat.output  # done with rejections
    assert "2 créés" in resultat.output and "1 rejetés" in resultat.output
    contenu = json.loads(rapport.read_text(encoding="utf-8"))
    assert contenu["run"]["statut"] == "done-errors"
    assert [i["status"] for i in contenu["items"]] == ["created", "created", "rejected"]
    assert contenu["items"][2]["errors"][0]["field"] == "frais"
    assert set(contenu["items"][0]) == {"kind", "id", "lieu", "status", "errors", "warnings"}

    resultat = runner.invoke(args=["import", str(chemin)])
    assert "2 inchangés" in resultat.output

    resultat = runner.invoke(args=["export", "--to", str(tmp_path / "out"), "--format", "csv"])
    assert resultat.exit_code == 0, resultat.output
    assert "1 structures et 1 services" in resultat.output
    assert (tmp_path / "out" / "services.csv").exists()


def test_import_dry_run_and_errors(runner: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1)]})
    resultat = runner.invoke(args=["import", "--dry-run", str(chemin)])
    assert resultat.exit_code == 0 and "Simulation" in resultat.output
    resultat = runner.invoke(args=["import", str(chemin)])
    assert "2 créés" in resultat.output, "the dry run wrote nothing"

    resultat = runner.invoke(args=["import", str(tmp_path / "absent.json")])
    assert resultat.exit_code == 2 and "introuvable" in resultat.output
    resultat = runner.invoke(args=["import", "--format", "inconnu", str(chemin)])
    assert resultat.exit_code == 2 and "inconnu" in resultat.output


def test_demo_loads_the_fictional_catalogue(runner: Any):
    resultat = runner.invoke(args=["demo"])
    assert resultat.exit_code == 0, resultat.output
    assert "0 rejetés" in resultat.output
    resultat = runner.invoke(args=["demo"])
    assert "0 créés" in resultat.output, "loading the demo twice changes nothing"
