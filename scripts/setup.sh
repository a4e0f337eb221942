#!/usr/bin/env bash
# Shared setup for scripts/demo.sh and scripts/test.sh: Debian libraries, a virtualenv with the
# pinned project (pip install -e ".[dev]"). Idempotent, and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/apt_lib.sh

# WeasyPrint (letters and packets as PDF) needs Pango; scanned pages are read by Debian's tesseract;
# production page images (Group 4 TIFF) are encoded by libtiff6, called directly.
# Extra packages (chromium, postgresql) can be asked for with HABEAS_APT_EXTRA so that a fresh
# machine runs apt-get update only once.
# shellcheck disable=SC2086
apt_install libpango-1.0-0 libpangoft2-1.0-0 tesseract-ocr tesseract-ocr-eng libtiff6 ${HABEAS_APT_EXTRA:-} ||
  echo "!! without them, PDFs cannot be rendered, scans cannot be OCR'd, productions cannot be built (and the tests that do so fail)" >&2

if [ ! -x .venv/bin/python ]; then
  PYTHON=${PYTHON:-}
  if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3.12 python3; do
      if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))'; then
        PYTHON=$candidate
        break
      fi
    done
  fi
  if [ -z "$PYTHON" ]; then
    echo "!! Habeas needs Python 3.11 or 3.12 (set PYTHON=/path/to/python3.11)" >&2
    exit 1
  fi
  echo "==> creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.habeas-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ ! -x .venv/bin/habeas ]; then
  echo "==> installing Habeas and its pinned dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi
