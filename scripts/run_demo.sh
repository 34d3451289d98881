#!/usr/bin/env bash
# Set up everything, load the demo data and serve Jiangxin on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_venv.sh

jx_venv
jx_translations
echo "==> migrating the database"
.venv/bin/flask --app wsgi db upgrade
echo "==> loading the demo data (no SECRET_KEY set: a random one is kept in instance/secret_key)"
.venv/bin/flask --app wsgi demo
echo "==> serving on http://${JX_HOST:-127.0.0.1}:${JX_PORT:-5000} (Ctrl-C to stop)"
exec .venv/bin/python wsgi.py
