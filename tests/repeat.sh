#!/usr/bin/env bash
# Runs the whole suite (tests/run.sh) N times in a row and stops at the first run with a failure.
#   bash tests/repeat.sh 10
# Each run's summary line and any failed test names are printed; logs stay in TestResults-repeat/repeat-K.log.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
mkdir -p "$root/TestResults-repeat"
for k in $(seq 1 "$runs"); do
  log="$root/TestResults-repeat/repeat-$k.log"
  started=$(date +%s)
  bash "$root/tests/run.sh" >"$log" 2>&1
  status=$?
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  echo "run $k/$runs: ${summary:-no summary} ($(( $(date +%s) - started )) s)"
  if [ "$status" -ne 0 ]; then
    grep -E '^\s+Failed [A-Za-z]' "$log" | sort -u
    echo "stopped: run $k failed (log: $log)"
    exit 1
  fi
done
echo "$runs runs in a row passed"
