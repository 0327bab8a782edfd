#!/usr/bin/env bash
# Smoke test of the packaged app (dist/kawebb): it starts, migrates a fresh store, fills
# it with demo data, and its window runs (offscreen) until stopped.
set -euo pipefail
app=${1:-dist/kawebb/kawebb}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$app" --version
"$app" demo --data-dir "$data" --cases 20
set +e
QT_QPA_PLATFORM=offscreen timeout 8 "$app" --data-dir "$data"
status=$?
set -e
if [ "$status" -ne 124 ]; then
  echo "frozen-smoke: the packaged app exited by itself (status $status)" >&2
  exit 1
fi
echo "frozen-smoke: ok"
