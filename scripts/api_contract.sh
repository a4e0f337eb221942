#!/usr/bin/env bash
# The API keeps its OpenAPI contract: schemathesis against a live server with the demo data.
#
# A fresh data dir (SQLite), the demo loaded, a bearer token for a demo attorney who sees cases, the
# app served on a free loopback port; then every operation of /api/v1/openapi.json is exercised with
# a bounded number of generated examples and these checks: no server error, status code, content
# type and response body all as documented. Exit non-zero on any failure.
#
#   scripts/api_contract.sh            # HABEAS_API_EXAMPLES (default 10) fuzzed examples per operation,
#                                      plus the coverage phase (boundary and wrong-type values)
#   HABEAS_API_USER=ciu_student scripts/api_contract.sh   # another demo user
set -euo pipefail
cd "$(dirname "$0")/.."

examples=${HABEAS_API_EXAMPLES:-10}
user=${HABEAS_API_USER:-ciu_attorney}
data_dir=$(mktemp -d -t habeas-api-contract-XXXXXX)
log="$data_dir/server.log"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

export HABEAS_DATA_DIR="$data_dir" HABEAS_DEBUG=0 HABEAS_SECRET_KEY="api-contract-only-$(date +%s%N)-key-0123456789"
unset DATABASE_URL
if [ -d .venv/bin ]; then export PATH="$PWD/.venv/bin:$PATH"; fi
port=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

habeas demo --no-serve >/dev/null
token=$(habeas token create "$user" --name "api contract" 2>/dev/null)
habeas serve --host 127.0.0.1 --port "$port" --no-worker >"$log" 2>&1 &
server_pid=$!

# Paths name a case the user sees (the first of the case list), so the case operations reach their
# logic instead of answering 404 to made-up references.
ref=$(python - "$port" "$token" <<'PY'
import json, sys, time, urllib.request
port, token = sys.argv[1], sys.argv[2]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/api/v1/cases?page_size=1", headers={"Authorization": f"Bearer {token}"}
)
for _ in range(120):
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            print(json.load(answer)["results"][0]["ref"])
            break
    except OSError:
        time.sleep(0.5)
PY
)
config="$data_dir/schemathesis.toml"
{ cat scripts/schemathesis.toml; printf '\n[parameters]\n"path.ref" = "%s"\n' "$ref"; } >"$config"

st_run() { # st_run [operation selection...]: every check, a bounded number of examples
  (cd "$data_dir" && schemathesis --config-file "$config" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --wait-for-schema 60 \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases "${HABEAS_API_PHASES:-examples,coverage,fuzzing}" \
    --max-examples "$examples" --workers 1 --seed 14 --generation-database none \
    --suppress-health-check too_slow,filter_too_much \
    "$@")
}
# Revoking tokens runs last, on its own: the fuzzer reuses prefixes it has seen, and revoking the
# run's own token would turn every later answer into a 401.
revoke='DELETE /api/v1/me/tokens/{prefix}'
status=0
st_run --exclude-name "$revoke" || status=$?
st_run --include-name "$revoke" || status=$?
if [ "$status" -ne 0 ]; then
  echo "!! the API broke its contract; last lines of the server log:"
  tail -n 40 "$log" || true
fi
exit "$status"
