#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed, N skipped" summing them all.
#   bash tests/run.sh
# Suites: the xunit projects in CaseFlow.sln (counted from their .trx results; the browser tests in real Chromium
# are among them, skipped with the reason where Chromium is missing), the web app's vitest suite and, when the shared
# Elsa conformance corpus sits beside the repository (../shared), the conformance cases run through `caseflow run`.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

# PostgreSQL for the scale-out tests: one private server for every suite (loopback, a free port, a temporary folder;
# as the postgres user when run as root, since PostgreSQL refuses root), stopped when this script ends. Without
# PostgreSQL 15 those tests report themselves skipped with the reason; CASEFLOW_TEST_POSTGRES names a server to use instead.
pg_bin=/usr/lib/postgresql/15/bin
if [ -z "${CASEFLOW_TEST_POSTGRES:-}" ] && [ -x "$pg_bin/initdb" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/caseflow-pg.XXXXXX")
  as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
     && as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=400" -w start >/dev/null; then
    export CASEFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    echo "== PostgreSQL 15 for the scale-out tests on 127.0.0.1:$pg_port"
    trap 'as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
  else
    echo "PostgreSQL could not be started here; the tests that need it start their own" >&2
  fi
fi

echo "== dotnet build CaseFlow.sln"
dotnet build "$root/CaseFlow.sln" -c Release -nologo -v q || status=1

# One run per test project, each with its own results file (a shared prefix can collide within a second).
for project in "$root"/tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); e=$(get executed); p=$(get passed); f=$(get failed); er=$(get error); to=$(get timeout)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${er:-0} + ${to:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$trx_count" -eq 0 ]; then
  echo "no test results were written (build failure?)"
  failed=$((failed + 1))
fi

# The web app's unit tests (vitest). The browser tests run in the C# suite above (CaseFlow.Server.Tests/Browser).
designer="$root/designer"
if [ -f "$designer/package.json" ]; then
  echo "== designer unit tests (vitest)"
  if command -v node >/dev/null 2>&1; then
    (cd "$designer" && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json") || status=1
    counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["numPassedTests"], d["numFailedTests"], d["numPendingTests"] + d["numTodoTests"])' "$results/vitest.json" 2>/dev/null || echo "0 1 0")
    read -r vp vf vs <<< "$counts"
    passed=$((passed + vp)); failed=$((failed + vf)); skipped=$((skipped + vs))
  else
    echo "node was not found: the designer's unit tests did not run (install Node.js 20.19 or later)"
    failed=$((failed + 1))
  fi
fi

conformance="$root/../shared/tools/conformance.sh"
if [ -x "$conformance" ] || [ -f "$conformance" ]; then
  echo "== Elsa conformance corpus"
  out=$(cd "$root" && bash "$conformance" 2>&1) || status=1
  echo "$out" | grep -v '^pass ' | tail -30
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | sed 's/ passed.*//')))
    failed=$((failed + $(echo "$line" | sed 's/.* passed, \([0-9]*\) failed.*/\1/')))
  else
    failed=$((failed + 1))
  fi
fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
