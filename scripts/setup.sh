#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: the Python virtualenv with the pinned
# packages, and (when missing) the system packages for the tests: PostgreSQL 15 server binaries and
# Debian's Chromium. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "→ Création de l'environnement Python (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installe-$(cat pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "→ Installation des paquets Python (pyproject.toml)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installe-* && touch "$stamp"
fi

if [ "${1:-}" = "--tests" ]; then
  manquants=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || manquants+=(postgresql-15)
  command -v chromium >/dev/null 2>&1 || manquants+=(chromium)
  if [ ${#manquants[@]} -gt 0 ]; then
    echo "→ Installation des paquets système : ${manquants[*]}"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${manquants[@]}" >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${manquants[@]}" >/dev/null
    fi
  fi
fi
