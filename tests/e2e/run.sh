#!/usr/bin/env bash
# The browser suite: installs Chromium, its driver and Selenium from Debian when missing, starts
# a fresh platform (SQLite, demo data) on a free port, drives the journeys in headless Chromium,
# and stops the platform. Screenshots of each step and, on failure, the page source land in
# build/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/careerops}
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
/usr/bin/python3 -c "import selenium" 2>/dev/null || missing+=(python3-selenium)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then echo "e2e: please install ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1; fi
  echo "e2e: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
OUT=build/e2e
rm -rf "$OUT" && mkdir -p "$OUT"
DATA=$(mktemp -d)
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env -u DATABASE_URL CAREEROPS_DATA_DIR="$DATA" CAREEROPS_MODEL_DIR="$PWD/.cache/models/all-MiniLM-L6-v2" \
  "$BIN" serve --port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
  kill -0 $SERVER 2>/dev/null || { echo "e2e: the server stopped:"; tail -20 "$OUT/server.log"; exit 1; }
  sleep 1
done
echo "== browser tests (Chromium $(chromium --version 2>/dev/null | awk '{print $2}')) against http://127.0.0.1:$PORT"
/usr/bin/python3 tests/e2e/journeys.py "http://127.0.0.1:$PORT" "$OUT"
