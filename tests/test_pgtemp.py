"""The throwaway PostgreSQL of the test command leaves nothing behind, even when killed (the test
command installs the server binaries it needs: `scripts/setup.sh --tests`)."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def _dossiers() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("pgtemp-*"))


def test_a_killed_run_stops_its_server_and_removes_its_folder() -> None:
    avant = _dossiers()
    run = subprocess.Popen([sys.executable, "-m", "scripts.pgtemp", "run", "--", "sleep", "60"],
                           cwd=RACINE, stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    assert "PostgreSQL temporaire prêt" in run.stdout.readline()
    nouveaux = _dossiers() - avant
    assert len(nouveaux) == 1
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) == 128 + signal.SIGTERM
    limite = time.monotonic() + 10
    while nouveaux & _dossiers() and time.monotonic() < limite:
        time.sleep(0.1)
    assert not nouveaux & _dossiers(), "the server's folder is removed"
