#!/usr/bin/env bash
# The test command: installs what is missing, then lint (ruff), types (mypy), and the whole test
# suite twice — on SQLite, then on a throwaway PostgreSQL 15 server started for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
PY=.venv/bin/python

echo "→ ruff"
$PY -m ruff check .
echo "→ mypy"
$PY -m mypy
echo "→ pytest sur SQLite"
env -u DATABASE_URL $PY -m pytest -q "$@"
echo "→ pytest sur PostgreSQL 15 (serveur temporaire)"
$PY -m scripts.pgtemp run -- $PY -m pytest -q "$@"
