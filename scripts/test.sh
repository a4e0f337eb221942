#!/usr/bin/env bash
# Newcomer command 2: set up, then ruff, mypy, the migration check and the whole test suite on SQLite;
# then the suite again on PostgreSQL when HABEAS_TEST_POSTGRES=1 (Debian's postgresql is installed and
# started here) or DATABASE_URL points at one. .ci/run calls this same script.
#
# Every check runs even when an earlier one fails; the summary at the end lists them all, and the exit
# status is non-zero if any failed. Extra arguments go to pytest (e.g. ./scripts/test.sh -k audit).
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n========== %s ==========\n' "$*"; }

want_postgres=0
if [ "${HABEAS_TEST_POSTGRES:-0}" = "1" ] || [ -n "${DATABASE_URL:-}" ]; then want_postgres=1; fi

section "setup"
# Playwright drives Debian's chromium (/usr/bin/chromium); no browser is ever downloaded.
extra="chromium"
if [ "$want_postgres" = 1 ] && [ -z "${DATABASE_URL:-}" ]; then extra="$extra postgresql"; fi
HABEAS_APT_EXTRA="$extra" ./scripts/setup.sh
source scripts/apt_lib.sh
command -v chromium >/dev/null 2>&1 || echo "!! chromium is missing: the browser test will be skipped (or fail under CI)"
# The Spark backend of the systemic review is tested in Spark local mode: it needs a Java runtime.
if ! command -v java >/dev/null 2>&1; then apt_install default-jre-headless || echo "!! no Java: the Spark test will be skipped"; fi

export PATH="$PWD/.venv/bin:$PATH"
unset PLAYWRIGHT_BROWSERS_PATH
results=()
failed=0
record() { # record NAME STATUS
  if [ "$2" -eq 0 ]; then results+=("ok      $1"); else results+=("FAILED  $1 (exit $2)"); failed=1; fi
}
run_step() { # run_step NAME COMMAND...
  local name=$1 status=0
  shift
  section "$name"
  "$@" || status=$?
  record "$name" "$status"
}

run_step "ruff" ruff check habeas tests bench
run_step "ruff format" ruff format --check habeas tests bench
run_step "mypy" mypy habeas tests
run_step "import contracts" lint-imports --no-logo
run_step "interfaces read through selectors" python scripts/check_interfaces.py
run_step "migrations are complete" env -u DATABASE_URL DJANGO_SETTINGS_MODULE=habeas.settings_test \
  habeas makemigrations --check --dry-run

pytest_run() { # pytest_run LABEL ENV-ASSIGNMENTS... -- [pytest args...]
  local label=$1 status=0 envs=()
  shift
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  section "pytest on $label"
  # Two workers (the machine has two cores); a 30-minute guard so a hung test cannot eat CI's budget.
  env "${envs[@]}" timeout -k 30 -s INT 1800 pytest -n 2 -p no:cacheprovider "$@" || status=$?
  if [ "$status" -eq 5 ]; then echo "!! pytest collected no tests"; fi
  if [ "$status" -eq 124 ]; then echo "!! pytest did not finish within 30 minutes"; fi
  record "pytest on $label" "$status"
}

pytest_run "SQLite" -u DATABASE_URL -- "$@"

# The live API against its OpenAPI document (schemathesis; a few minutes): no server error, every
# status code, content type and response body as documented. Skipped when pytest got arguments.
if [ "$#" -eq 0 ]; then
  run_step "API contract (schemathesis)" timeout -k 30 -s INT 900 ./scripts/api_contract.sh
fi

if [ "$want_postgres" = 1 ]; then
  status=0
  if [ -z "${DATABASE_URL:-}" ]; then
    section "PostgreSQL"
    source scripts/postgres_lib.sh
    postgres_start || status=$?
  fi
  if [ "$status" -eq 0 ]; then
    pytest_run "PostgreSQL" DATABASE_URL="$DATABASE_URL" -- "$@"
  else
    record "PostgreSQL server" "$status"
  fi
fi

section "summary"
printf '  %s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
  echo "Some checks failed."
  exit 1
fi
echo "All checks passed."
