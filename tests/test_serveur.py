"""The served app (issue 16, point 1): gunicorn behind `catalogue serve`, `/sante`, one log line
per request, `ProxyFix` and the Secure cookie over HTTPS."""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from catalogue import create_app, rattrapage
from tests.fabriques import ecrire_json, service, structure
from tests.processus import attendre_enfants, connexions_acceptees


def test_health_says_database_and_index_lag(app: Flask, engine: Any, client: Any, tmp_path: Path):
    reponse = client.get("/sante")
    assert reponse.status_code == 503, "a new index folder is rebuilt before serving"
    assert reponse.get_json()["statut"] == "reconstruction"
    rattrapage.rattraper(engine, app.config["SEARCH_INDEX_DIR"])
    corps = client.get("/sante").get_json()
    assert corps["statut"] == "ok" and corps["base"]["ok"] is True
    assert corps["index"]["retard_changements"] == 0 and corps["index"]["retard_secondes"] == 0
    assert corps["index"]["segments"] <= 1, "a rebuilt index is one segment"

    from importers import importer_pour
    from importers.base import importer

    importer(importer_pour([ecrire_json(tmp_path / "a.json", {
        "structures": [structure(1)], "services": [service(1)]})]), engine)
    index = client.get("/sante").get_json()["index"]
    assert index["retard_changements"] == 2, "one structure, one offer not yet caught up"
    assert index["sequence_base"] == index["sequence"] + 2


def test_health_is_503_when_the_database_is_unreachable(tmp_path: Path):
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://personne@127.0.0.1:1/rien",
                      "SEARCH_INDEX_DIR": str(tmp_path / "i"), "RATTRAPAGE_INTERVALLE": 0})
    reponse = app.test_client().get("/sante")
    assert reponse.status_code == 503
    assert reponse.get_json()["base"]["message"].startswith("base de données injoignable")


def test_one_log_line_per_request_with_its_duration(client: Any, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.INFO, logger="catalogue.requetes"):
        client.get("/sante?x=1")
    lignes = [r.getMessage() for r in caplog.records if r.name == "catalogue.requetes"]
    assert len(lignes) == 1
    assert '"GET /sante?x=1" 503' in lignes[0] and " ms " in lignes[0]


def test_behind_a_proxy_the_session_cookie_is_secure_over_https(tmp_path: Path, app: Flask):
    derriere = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                           "SEARCH_INDEX_DIR": str(tmp_path / "i"), "SECRET_KEY": "test",
                           "RATTRAPAGE_INTERVALLE": 0, "PROXY_FIX": 1})
    client = derriere.test_client()
    https = client.get("/curation/connexion", headers={"X-Forwarded-Proto": "https",
                                                       "X-Forwarded-Host": "offres.exemple.fr"})
    assert "Secure" in https.headers["Set-Cookie"]
    http = derriere.test_client().get("/curation/connexion")
    assert "Secure" not in http.headers["Set-Cookie"]
    direct = app.test_client().get("/curation/connexion", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in direct.headers["Set-Cookie"], "no proxy configured: header ignored"


def _servir(tmp_path: Path) -> tuple[int, subprocess.Popen[bytes]]:
    """`catalogue serve` with 2 workers of 2 threads on a free port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SEARCH_INDEX_DIR": str(tmp_path / "index"),
           "CATALOGUE_INSTANCE": str(tmp_path), "SECRET_KEY": "k" * 64,  # production: required
           "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'c.db'}"}
    commande = [str(Path(sys.executable).parent / "catalogue"), "serve", "--port", str(port),
                "--workers", "2", "--threads", "2"]
    return port, subprocess.Popen(commande, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)


def test_serve_runs_gunicorn_workers_with_a_ready_index(tmp_path: Path):
    port, serveur = _servir(tmp_path)
    try:
        corps = _attendre_json(f"http://127.0.0.1:{port}/sante", serveur)
        assert corps["statut"] == "ok", "the index was caught up before the workers started"
        assert len(attendre_enfants(serveur.pid, 2)) == 2, "two gunicorn workers"
        connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connexion.request("GET", "/sante")
        reponse = connexion.getresponse()
        assert reponse.status == 200 and reponse.getheader("Connection") == "close", \
            "no keep-alive: a client is never pinned to one worker (serveur.KEEPALIVE_S)"
        connexion.close()
    finally:
        serveur.terminate()
        sortie = serveur.communicate(timeout=60)[0].decode()
    assert "Booting worker" in sortie and '"GET /sante" 200' in sortie, sortie
    assert "Index de recherche reconstruit" in sortie


def test_each_worker_accepts_no_more_connections_than_it_has_threads(tmp_path: Path):
    """The others wait in the listening queue that every worker draws from: a request never
    waits behind a busy worker while another is free (serveur.CONNEXIONS_PAR_FIL)."""
    port, serveur = _servir(tmp_path)
    inactives: list[socket.socket] = []
    try:
        _attendre_json(f"http://127.0.0.1:{port}/sante", serveur)
        ouvriers = attendre_enfants(serveur.pid, 2)
        # connected, nothing sent yet: each accepted one holds its worker's place
        inactives = [socket.create_connection(("127.0.0.1", port)) for _ in range(10)]
        fin = time.monotonic() + 10
        while sum(connexions_acceptees(p, port) for p in ouvriers) < 4 and time.monotonic() < fin:
            time.sleep(0.05)
        time.sleep(0.3)  # a worker without the bound would go on accepting meanwhile
        tenues = [connexions_acceptees(p, port) for p in ouvriers]
        assert tenues == [2, 2], "2 threads each: 2 connections each, 6 left in the queue"
        for s in inactives:
            s.close()
        assert _attendre_json(f"http://127.0.0.1:{port}/sante", serveur)["statut"] == "ok"
    finally:
        for s in inactives:
            s.close()
        serveur.terminate()
        serveur.communicate(timeout=60)


def _attendre_json(url: str, serveur: subprocess.Popen[bytes]) -> Any:
    for _ in range(300):
        if serveur.poll() is not None:
            raise AssertionError(f"le serveur s'est arrêté : {serveur.communicate()[0].decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reponse:
                return json.loads(reponse.read())
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    raise AssertionError(f"aucune réponse de {url}")

