#!/usr/bin/env bash
# The main job: installs, loads the demo catalogue into the configured database (SQLite file in
# instance/ by default) and serves the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/catalogue demo
# Without SECRET_KEY this is a development run (Werkzeug, a random key kept in instance/, loopback
# only); with it, the production server (docs/securite.md, docs/deploiement.md)
MODE=()
[ -n "${SECRET_KEY:-}${CATALOGUE_SECRET_KEY:-}" ] || MODE=(--dev)
exec .venv/bin/catalogue serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" "${MODE[@]}"
