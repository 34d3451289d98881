#!/usr/bin/env bash
# Set up the environment and run the test suite; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_venv.sh

jx_venv dev
jx_translations
# One worker per core (pytest-xdist): the suite runs in about two thirds of the time on two
# cores. On PostgreSQL each worker has a database of its own (tests/conftest.py).
# JX_TEST_WORKERS sets the count (0: this process); a later -n in the arguments wins.
workers=${JX_TEST_WORKERS:-auto}
exec .venv/bin/pytest -q -n "$workers" "$@"
