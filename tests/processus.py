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


def connexions_acceptees(pid: int, port: int) -> int:
    """TCP connections to `port` that process `pid` has accepted (its descriptors among the
    established sockets whose local port is `port`); those still in the listening queue have no
    descriptor in any process."""
    serveur = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for ligne in Path(table).read_text().splitlines()[1:]:
            champs = ligne.split()  # sl, local address, remote address, state, …, inode (10th)
            if int(champs[1].rsplit(":", 1)[1], 16) == port and champs[3] == "01":
                serveur.add(champs[9])
    tenues = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            cible = os.readlink(fd)
        except OSError:
            continue
        tenues += cible.startswith("socket:[") and cible[8:-1] in serveur
    return tenues
