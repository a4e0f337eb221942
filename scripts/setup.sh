#!/usr/bin/env bash
# Shared setup for scripts/demo.sh and scripts/test.sh: a virtualenv with the pinned project.
# Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

source scripts/apt_lib.sh

# WeasyPrint (letters as PDF) needs Pango.
apt_install libpango-1.0-0 libpangoft2-1.0-0 || true

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.habeas-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing Habeas and its pinned dependencies"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[dev]"
  touch "$stamp"
fi
