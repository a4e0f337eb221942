#!/usr/bin/env bash
# Newcomer command 2: set up and run every check and the whole test suite (SQLite; PostgreSQL too when
# HABEAS_TEST_POSTGRES=1 or DATABASE_URL is set). .ci/run calls this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/apt_lib.sh

# Playwright drives Debian's chromium; it never downloads a browser.
apt_install chromium || echo "!! chromium missing: browser tests will be skipped"

export PATH="$PWD/.venv/bin:$PATH"
echo "==> ruff"
ruff check habeas tests bench
echo "==> mypy"
mypy habeas
echo "==> migrations are complete"
DJANGO_SETTINGS_MODULE=habeas.settings_test habeas makemigrations --check --dry-run >/dev/null

run_suite() {
  echo "==> pytest ($1)"
  pytest -n 2 -p no:cacheprovider
}

if [ -z "${DATABASE_URL:-}" ]; then
  run_suite "SQLite"
fi

if [ "${HABEAS_TEST_POSTGRES:-0}" = "1" ] || [ -n "${DATABASE_URL:-}" ]; then
  if [ -z "${DATABASE_URL:-}" ]; then
    source scripts/postgres_lib.sh
    postgres_start
  fi
  run_suite "PostgreSQL"
fi
echo "==> all checks passed"
