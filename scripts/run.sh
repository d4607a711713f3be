#!/usr/bin/env bash
# Sets up everything (idempotent) and starts the wizard on 127.0.0.1 with a
# SQLite file, demo accounts and the example cases loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/reportgen serve --demo "$@"
