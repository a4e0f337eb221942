#!/usr/bin/env bash
# Newcomer command 1: set up, migrate the SQLite database under ./var, load the fictional demo data,
# print the demo logins and serve at http://127.0.0.1:8000.
# Options pass through to `habeas demo`: --no-serve, --port N, --reset.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/habeas demo "$@"
