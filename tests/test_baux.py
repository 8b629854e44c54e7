"""Import runs whose process died are marked interrupted (issue 16, point 4)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlmodel import Session

from catalogue import baux
from catalogue.models import ImportRun, maintenant
from tests.curation_outils import client_de, compte


def _run(engine: Any, proprietaire: str | None, bail: Any) -> int:
    with Session(engine) as s:
        run = ImportRun(format="datainclusion-v1", fichiers=["/tmp/x.json"], proprietaire=proprietaire,
                        bail_jusqu_a=bail)
        s.add(run)
        s.commit()
        assert run.id is not None
        return run.id


def _statut(engine: Any, run_id: int) -> str:
    with Session(engine) as s:
        run = s.get(ImportRun, run_id)
        assert run is not None
        return run.statut


def test_a_run_is_interrupted_when_its_lease_expires_or_its_process_is_gone(engine: Any):
    ailleurs_vivant = _run(engine, "autre-machine:123", maintenant() + timedelta(minutes=2))
    ailleurs_expire = _run(engine, "autre-machine:124", maintenant() - timedelta(seconds=1))
    ici_vivant = _run(engine, baux.proprietaire(), baux.echeance())
    mort = subprocess.Popen(["true"])
    mort.wait()
    ici_mort = _run(engine, f"{baux.proprietaire().rpartition(':')[0]}:{mort.pid}", baux.echeance())
    ancien = _run(engine, None, None)
    with Session(engine) as s:
        assert sorted(baux.marquer_interrompus(s)) == sorted([ailleurs_expire, ici_mort, ancien])
    assert _statut(engine, ailleurs_vivant) == "en-cours"
    assert _statut(engine, ici_vivant) == "en-cours"
    assert _statut(engine, ici_mort) == "interrupted"


def test_interrupted_runs_show_in_the_imports_page_and_the_cli(engine: Any, app: Flask,
                                                                runner: Any):
    run_id = _run(engine, "autre-machine:1", maintenant() - timedelta(seconds=1))
    compte(app, "admin@exemple.org", "admin")
    client = client_de(app, "admin@exemple.org")  # import reports are for curators
    page = client.get("/imports/").get_data(as_text=True)
    assert "statut--interrupted" in page and "interrompu" in page
    rapport = client.get(f"/imports/{run_id}").get_data(as_text=True)
    assert "Import interrompu : le processus qui l&#39;exécutait (autre-machine:1)" in rapport
    sortie = runner.invoke(args=["imports"]).output
    assert f"n° {run_id}" in sortie and "interrompu" in sortie
