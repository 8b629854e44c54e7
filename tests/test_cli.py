"""The `catalogue` command, driven like a user would (Click's runner on the real app)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.fabriques import ecrire_json, service, structure


def test_init_import_report_export(runner: Any, tmp_path: Path):
    assert runner.invoke(args=["init"]).exit_code == 0
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1), service(2, frais="x")]})
    rapport = tmp_path / "rapport.json"
    resultat = runner.invoke(args=["import", str(chemin), "--publier", "--report", str(rapport)])
    assert resultat.exit_code == 3, resultat.output  # done with rejections
    assert "2 créés" in resultat.output and "1 rejeté," in resultat.output
    contenu = json.loads(rapport.read_text(encoding="utf-8"))
    assert contenu["run"]["statut"] == "done-errors"
    assert [i["status"] for i in contenu["items"]] == ["created", "created", "rejected"]
    assert contenu["items"][2]["errors"][0]["field"] == "frais"
    assert set(contenu["items"][0]) == {"kind", "id", "lieu", "status", "errors", "warnings"}

    resultat = runner.invoke(args=["import", str(chemin)])
    assert "2 inchangés" in resultat.output

    resultat = runner.invoke(args=["export", "--to", str(tmp_path / "out"), "--format", "csv"])
    assert resultat.exit_code == 0, resultat.output
    assert "1 structure et 1 service écrit" in resultat.output
    assert (tmp_path / "out" / "services.csv").exists()


def test_an_import_that_leaves_many_segments_says_how_to_join_them(
        runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The advice `check` gives, at the end of the import that fragmented the index (a real one
    gets there with big imports: 13 segments after 100,000 offers); not on a dry run."""
    from catalogue import cli

    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1)]})
    resultat = runner.invoke(args=["import", str(chemin), "--publier"])
    assert resultat.exit_code == 0 and "segment" not in resultat.output, resultat.output
    monkeypatch.setattr(cli, "SEGMENTS_CONSEILLES", 0)
    resultat = runner.invoke(args=["import", "--dry-run", str(chemin)])
    assert "segment" not in resultat.output, resultat.output
    resultat = runner.invoke(args=["import", str(ecrire_json(tmp_path / "d.json", {
        "structures": [structure(1)], "services": [service(1), service(2)]})), "--publier"])
    assert "Note : l'index de recherche compte " in resultat.output, resultat.output
    assert "« catalogue reindex » les réunit en un" in resultat.output


def test_import_dry_run_and_errors(runner: Any, tmp_path: Path):
    chemin = ecrire_json(tmp_path / "c.json", {"structures": [structure(1)],
                                               "services": [service(1)]})
    resultat = runner.invoke(args=["import", "--dry-run", str(chemin)])
    assert resultat.exit_code == 0 and "Import à blanc (rien n'a été écrit) terminé" in resultat.output
    resultat = runner.invoke(args=["import", str(chemin)])
    assert "2 créés" in resultat.output, "the dry run wrote nothing"

    resultat = runner.invoke(args=["import", str(tmp_path / "absent.json")])
    assert resultat.exit_code == 2 and "introuvable" in resultat.output
    resultat = runner.invoke(args=["import", "--format", "inconnu", str(chemin)])
    assert resultat.exit_code == 2 and "inconnu" in resultat.output


def test_demo_loads_the_fictional_catalogue(runner: Any):
    resultat = runner.invoke(args=["demo"])
    assert resultat.exit_code == 0, resultat.output
    assert "0 rejeté," in resultat.output
    resultat = runner.invoke(args=["demo"])
    assert "0 créé," in resultat.output, "loading the demo twice changes nothing"


def test_serve_answers_on_the_given_port(tmp_path: Path) -> None:
    """The README's run command ends with `catalogue serve`: a real process, a real HTTP answer."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SEARCH_INDEX_DIR": str(tmp_path / "index"),
           "SECRET_KEY": "k" * 64,  # a production run refuses to start without one
           "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'c.db'}"}
    commande = [str(Path(sys.executable).parent / "catalogue"), "serve", "--port", str(port)]
    serveur = subprocess.Popen(commande, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        page = _attendre_page(f"http://127.0.0.1:{port}/", serveur)
        assert "Offres d'insertion" in page
    finally:
        serveur.terminate()
        serveur.wait(timeout=60)  # gunicorn lets its workers finish (slow on a busy machine)


def test_serve_with_the_instance_key_needs_no_secret_key(tmp_path: Path) -> None:
    """What `make run` runs on a fresh clone: no SECRET_KEY anywhere, the production server
    signs its sessions with the instance's own key, made once (0600) and handed to every worker
    (without it, a worker could not make a form's CSRF token: the page would fail)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    instance = tmp_path / "instance"
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "CATALOGUE_SECRET_KEY")}
    env.update(CATALOGUE_INSTANCE=str(instance), SEARCH_INDEX_DIR=str(tmp_path / "index"),
               DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'c.db'}")
    commande = [str(Path(sys.executable).parent / "catalogue"), "serve", "--cle-instance",
                "--port", str(port), "--workers", "2"]
    serveur = subprocess.Popen(commande, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert "Offres d'insertion" in _attendre_page(f"http://127.0.0.1:{port}/", serveur)
        cle = instance / "secret_key"
        assert cle.stat().st_mode & 0o777 == 0o600 and len(cle.read_text().strip()) == 64
        for _ in range(6):  # fresh connections: gunicorn hands them to both workers
            assert "csrf_token" in _attendre_page(f"http://127.0.0.1:{port}/programmes/nouveau",
                                                  serveur)
    finally:
        serveur.terminate()
        serveur.wait(timeout=60)


def _attendre_page(url: str, serveur: subprocess.Popen[bytes], essais: int = 600) -> str:
    for _ in range(essais):
        if serveur.poll() is not None:
            sortie = serveur.stdout.read().decode() if serveur.stdout else ""
            raise AssertionError(f"le serveur s'est arrêté : {sortie}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reponse:
                return str(reponse.read().decode())
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"aucune réponse de {url}")
