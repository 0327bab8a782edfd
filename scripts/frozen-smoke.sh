#!/usr/bin/env bash
# Smoke test of the packaged app (dist/kawebb): it says its version, fills a new store
# with demo data (`kawebb demo`), and `kawebb --smoke-test` on another new folder makes
# and migrates its store from inside the bundle, opens the main window headless, logs in
# through the login page with the simulated BankID, opens every tab and exits 0 (its own
# time limit: it never hangs; any failure is a non-zero status and a line on stderr).
set -euo pipefail
app=${1:-dist/kawebb/kawebb}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$app" --version
"$app" demo --data-dir "$data/demo" --cases 20 --log-dir "$data/logs"
QT_QPA_PLATFORM=offscreen "$app" --smoke-test --data-dir "$data/smoke" --smoke-timeout 180
echo "frozen-smoke: ok"
