#!/usr/bin/env bash
# Makes resources/screenshot.png: the explorer on the paper preset, under
# Xvfb.  Needs xvfb-run and ImageMagick's import.
# Usage: bash tests/screenshot.sh [BUILD_DIR] [OUTPUT.png] [extra explorer args]
set -euo pipefail

cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-resources/screenshot.png}
shift 2 || shift $# || true

export GTK_A11Y=none GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$0"/app/logsgd-explorer "${@:2}" &
  pid=$!
  sleep "${LSG_SCREENSHOT_DELAY:-5}"
  /usr/bin/import -window root "$1"
  kill "$pid"
' "$build" "$out" "$@"
echo "wrote $out"
