#!/usr/bin/env bash
# How long `make run` takes on a fresh clone until the app's window is on screen.
#
#   scripts/time-to-first-window.sh [CLONE_DIR [COMMIT]]   (default: /tmp/fresh-clone HEAD)
#
# Clones this repository's HEAD (or COMMIT, to compare) into CLONE_DIR (removing what is there), starts a virtual
# X display (Xvfb), runs `make run` in the clone with a new, empty data folder, and waits
# until a window titled "KA Webb Desktop" is viewable. Prints what `make run` printed and
# the seconds it took, then stops the processes it started. Set PIP_NO_CACHE_DIR=1 to
# leave pip's cache of downloaded packages out of it.
# Needs Xvfb and xwininfo (Debian: apt-get install xvfb x11-utils).
set -euo pipefail
clone=${1:-/tmp/fresh-clone}
commit=${2:-HEAD}
limit=${KAWEBB_WINDOW_TIMEOUT:-1800}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
for tool in Xvfb xwininfo; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is missing (apt-get install xvfb x11-utils)" >&2; exit 2; }
done

work=$(mktemp -d)
xvfb="" app=""
cleanup() {
  if [ -n "$app" ]; then kill -- -"$app" 2>/dev/null || true; fi
  if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf "$clone"
git clone --quiet "$repo" "$clone"
git -C "$clone" checkout --quiet "$(git -C "$repo" rev-parse "$commit")"

# Xvfb picks a free display and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb=$!
until [ -s "$work/display" ]; do
  kill -0 "$xvfb" 2>/dev/null || { echo "$0: Xvfb did not start" >&2; exit 1; }
  sleep 0.1
done
display=":$(head -n1 "$work/display")"

start=$(date +%s.%N)
# setsid: make and the app get a process group of their own, stopped as one at the end.
(cd "$clone" && DISPLAY=$display KAWEBB_DATA_DIR="$work/data" exec setsid make run) \
  >"$work/make.log" 2>&1 &
app=$!
until DISPLAY=$display xwininfo -name "KA Webb Desktop" 2>/dev/null | grep -q IsViewable; do
  if ! kill -0 "$app" 2>/dev/null; then
    cat "$work/make.log"
    echo "$0: make run ended before the window showed" >&2
    exit 1
  fi
  if awk -v now="$(date +%s.%N)" -v start="$start" -v limit="$limit" \
    'BEGIN { exit !(now - start > limit) }'; then
    cat "$work/make.log"
    echo "$0: no window after $limit s" >&2
    exit 1
  fi
  sleep 0.2
done
end=$(date +%s.%N)
cat "$work/make.log"
awk -v end="$end" -v start="$start" 'BEGIN { printf "time to the first window: %.1f s\n", end - start }'
