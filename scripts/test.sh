#!/usr/bin/env bash
# Set up the environment and run the test suite; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_venv.sh

jx_venv dev
jx_translations
exec .venv/bin/pytest -q "$@"
