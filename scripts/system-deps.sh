#!/usr/bin/env bash
# Qt's system libraries (Debian/Ubuntu package names). Installs the missing ones through
# apt when run as root; otherwise says which are missing and carries on (the tests run
# offscreen and may still work).
set -u
packages=(
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0
  libxcb-xkb1 fonts-dejavu-core
  # The bundle's build (scripts/bundle.py) trims Qt's ICU data with icupkg and relinks it
  # with cc; without them the bundle keeps the full data (~30 MB more).
  icu-devtools binutils gcc
)
command -v dpkg >/dev/null 2>&1 || { echo "system-deps: not a Debian system; skipping"; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "system-deps: apt-get install failed" >&2; exit 1; }
else
  echo "system-deps: missing (install them as root): ${missing[*]}" >&2
fi
