#!/usr/bin/env bash
# Newcomer command 1: set up, load the demo data, print the logins and serve at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/habeas demo "$@"
