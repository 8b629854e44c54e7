"""A throwaway PostgreSQL server on loopback, in a temporary directory.

Used by the test command (the suite runs a second time against it) and by the benchmarks (the peer
approach of data·inclusion runs on the same data). PostgreSQL refuses to run as root, so when we are root
the server runs as the existing `postgres` system user.

    python -m scripts.pgtemp run -- pytest -q      # DATABASE_URL is set for the command
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _bindir() -> Path:
    """PostgreSQL server binaries: the newest /usr/lib/postgresql/N/bin, else whatever is on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if candidates:
        return Path(candidates[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "Serveur PostgreSQL introuvable (initdb). Installez-le : apt-get install postgresql-15"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _wait_ready(bindir: Path, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
            capture_output=True,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL ne répond pas sur 127.0.0.1:{port} après {timeout:.0f} s")


@contextlib.contextmanager
def serveur_postgres(fsync: bool = False) -> Iterator[str]:
    """Start a server, yield its SQLAlchemy URL (database `catalogue`), stop and delete it after."""
    bindir = _bindir()
    workdir = Path(tempfile.mkdtemp(prefix="pgtemp-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, user="postgres")
    port = _free_port()
    run = subprocess.run
    run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
        check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir}"
    if not fsync:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"),
                         "-o", options, "-w", "start"]), check=True, capture_output=True)
    try:
        _wait_ready(bindir, port)
        run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
             "catalogue"], check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/catalogue"
    finally:
        run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "run" or "--" not in argv:
        print("usage : python -m scripts.pgtemp run -- COMMANDE…", file=sys.stderr)
        return 2
    commande = argv[argv.index("--") + 1 :]
    # `kill` (a timeout, a CI runner stopping the job) ends the run like Ctrl-C: the command is
    # stopped, then the server and its folder (Python skips `finally` on an unhandled SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    with serveur_postgres() as url:
        print(f"PostgreSQL temporaire prêt : {url}", flush=True)
        return subprocess.run(commande, env={**os.environ, "DATABASE_URL": url}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
