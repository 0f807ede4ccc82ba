#!/usr/bin/env bash
# Designer speed benchmark: builds CaseFlow (with the web app), starts it on a free loopback port with a throw-away data
# folder, and runs designer/scripts/bench-designer.mjs in headless Chromium. Not part of the test run.
#   bash tests/bench-designer.sh [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
dotnet build "$root/CaseFlow.sln" -c Release -nologo -v q >/dev/null
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password="Bench-$(date +%s)-pass"
ASPNETCORE_ENVIRONMENT=Development CaseFlow__DataDirectory="$data" CaseFlow__DemoPassword="$password" ASPNETCORE_URLS="http://127.0.0.1:$port" \
  dotnet "$root/src/CaseFlow.Server/bin/Release/net10.0/caseflow.dll" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
(cd "$root/designer" && node scripts/bench-designer.mjs "http://127.0.0.1:$port" "$password" "$rounds")
