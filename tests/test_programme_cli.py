"""`catalogue programme …` through the CLI runner: list, show, export, import, suggest."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
from flask import Flask
from flask.testing import FlaskCliRunner

from catalogue.programmes.schema import erreurs_schema
from tests import test_programme_fixtures as fixtures

#: fixtures shared by the programme tests
app_programmes = fixtures.app_programmes
demo = fixtures.demo
session = fixtures.session


def cli(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def test_list_json(demo: list[int], app_programmes: Flask) -> None:
    resultat = cli(app_programmes).invoke(args=["programme", "list", "--json"])
    assert resultat.exit_code == 0, resultat.output
    lignes = json.loads(resultat.output)
    assert [ligne["id"] for ligne in lignes] == sorted(demo, reverse=True)
    reduit = next(ligne for ligne in lignes if ligne["motif_reduction"])
    assert reduit["cible_heures"] == 10 and reduit["semaines_atteintes"] == reduit["nombre_semaines"] == 26
    assert reduit["heures_min"] == 10 and reduit["heures_max"] == 12 and reduit["erreurs"] == 0
    texte = cli(app_programmes).invoke(args=["programme", "list"]).output
    assert "2 programmes." in texte and "11/12 sem. à 15 h" in texte, "11 November is short"


def test_show(demo: list[int], app_programmes: Flask) -> None:
    resultat = cli(app_programmes).invoke(args=["programme", "show", str(demo[1])])
    assert resultat.exit_code == 0
    assert "semaine  1 (2026-09-07) :     12 h  atteint (heures à confirmer)" in resultat.output
    assert "[info] « Permanence d'accès aux droits à Lens » : 1 h par semaine estimées" in resultat.output


def test_export_des_trois_formats(demo: list[int], app_programmes: Flask, tmp_path: Path) -> None:
    runner = cli(app_programmes)
    sortie = runner.invoke(args=["programme", "export", str(demo[0]), "--format", "json"])
    assert sortie.exit_code == 0 and erreurs_schema(json.loads(sortie.output)) == []
    ics = tmp_path / "programme.ics"
    resultat = runner.invoke(args=["programme", "export", str(demo[0]), "--format", "ics", "--out", str(ics)])
    assert resultat.exit_code == 0, resultat.output
    assert len(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 7
    page = tmp_path / "programme.html"
    runner.invoke(args=["programme", "export", str(demo[0]), "--format", "html", "--out", str(page)])
    assert "Mon programme d'activités" in page.read_text(encoding="utf-8")


def test_import_puis_export_identique(demo: list[int], app_programmes: Flask, tmp_path: Path) -> None:
    runner = cli(app_programmes)
    fichier = tmp_path / "programme.json"
    runner.invoke(args=["programme", "export", str(demo[1]), "--out", str(fichier)])
    resultat = runner.invoke(args=["programme", "import", str(fichier), "--libelle", "Mme R."])
    assert resultat.exit_code == 0, resultat.output
    nouveau = int(resultat.output.split()[1])
    relu = runner.invoke(args=["programme", "export", str(nouveau)]).output
    assert json.loads(relu) == json.loads(fichier.read_text(encoding="utf-8"))


def test_import_refuse_avec_les_chemins(app_programmes: Flask, tmp_path: Path) -> None:
    fichier = tmp_path / "abime.json"
    fichier.write_text(json.dumps({"format": "programme-15h", "version": "9.9"}), encoding="utf-8")
    resultat = cli(app_programmes).invoke(args=["programme", "import", str(fichier)])
    assert resultat.exit_code == 1
    assert "document.version" in resultat.output and "rien n'a été enregistré" in resultat.output
    fichier.write_text("{pas du json", encoding="utf-8")
    assert "JSON illisible" in cli(app_programmes).invoke(args=["programme", "import", str(fichier)]).output


def test_suggest_puis_apply(demo: list[int], app_programmes: Flask, tmp_path: Path) -> None:
    runner = cli(app_programmes)
    fichier = tmp_path / "p.json"
    runner.invoke(args=["programme", "export", str(demo[0]), "--out", str(fichier)])
    document = json.loads(fichier.read_text(encoding="utf-8"))
    document["activites"] = [a for a in document["activites"] if a["type"] == "libre"]
    fichier.write_text(json.dumps(document), encoding="utf-8")
    nouveau = runner.invoke(args=["programme", "import", str(fichier)]).output.split()[1]
    proposition = json.loads(runner.invoke(args=["programme", "suggest", nouveau, "--json"]).output)
    assert proposition["choix"] and proposition["applique"] is False
    assert all(c["raison"] for c in proposition["choix"])
    resultat = runner.invoke(args=["programme", "suggest", nouveau, "--apply"])
    assert resultat.exit_code == 0 and "ajoutée" in resultat.output
    lignes = json.loads(runner.invoke(args=["programme", "list", "--json"]).output)
    ligne = next(ligne for ligne in lignes if str(ligne["id"]) == nouveau)
    assert ligne["activites"] == 1 + len(proposition["choix"])
    assert ligne["semaines_atteintes"] == 12 and ligne["freins_non_couverts"] == [], \
        "every week, the one of 11 November too (the suggestion counts the holidays as the table does)"


def test_suggest_avec_un_maximum_d_activites(demo: list[int], app_programmes: Flask) -> None:
    runner = cli(app_programmes)
    sortie = runner.invoke(args=["programme", "suggest", str(demo[0]), "--json", "--activites-max", "1"])
    proposition = json.loads(sortie.output)
    assert len(proposition["choix"]) <= 1 and proposition["activites_max"] == 1
    refus = runner.invoke(args=["programme", "suggest", str(demo[0]), "--activites-max", "0"])
    assert refus.exit_code == 1 and "activites_max : entre 1 et 12" in refus.output


def test_programme_inconnu(app_programmes: Flask) -> None:
    resultat = cli(app_programmes).invoke(args=["programme", "export", "999"])
    assert resultat.exit_code == 1 and "Aucun programme n° 999." in resultat.output
