#!/usr/bin/env bash
# The main job: installs, loads the demo catalogue into the configured database (SQLite file in
# instance/ by default) and serves the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/catalogue demo
# The production server (gunicorn, as a département runs it: docs/deploiement.md). Without
# SECRET_KEY, the sessions are signed with the instance's own random key, made once in
# instance/secret_key (mode 0600, docs/securite.md). Werkzeug's reloader and debugger:
# `.venv/bin/catalogue serve --dev`.
exec .venv/bin/catalogue serve --cle-instance --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
