#!/usr/bin/env bash
# Sets up everything (idempotent) and runs every check: ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ruff"; .venv/bin/ruff check reportgen tests bench scripts
echo "== mypy"; .venv/bin/mypy
# Two test processes, one per core of the machine the suite is kept under 10 minutes on
# (pytest-xdist; each process starts its own throwaway PostgreSQL, browser and servers).
# Extra arguments go to pytest; `-n 0` runs the tests in one process.
echo "== pytest"; .venv/bin/python -m pytest -q -p no:cacheprovider -n "${REPORTGEN_TEST_PROCESSES:-2}" "$@"
