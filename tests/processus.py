"""Processes seen through /proc (Linux), for the tests that start and kill servers and imports."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _stat(pid: int | str) -> list[str]:
    """State and parent of a process: the fields after its name in /proc/PID/stat."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def enfants(pid: int) -> list[int]:
    trouves = []
    for nom in os.listdir("/proc"):
        if nom.isdigit():
            try:
                if int(_stat(nom)[1]) == pid:
                    trouves.append(int(nom))
            except OSError:
                continue
    return trouves


def attendre_enfants(pid: int, nombre: int, delai_s: float = 20) -> list[int]:
    """The children of `pid` once there are `nombre` of them: gunicorn forks its workers one by
    one, and the first can answer requests before the next one exists."""
    fin = time.monotonic() + delai_s
    while len(trouves := enfants(pid)) < nombre and time.monotonic() < fin:
        time.sleep(0.05)
    return trouves


def vivant(pid: int) -> bool:
    """Running (a zombie waiting for its parent is not)."""
    try:
        return _stat(pid)[0] != "Z"
    except OSError:
        return False
