#!/usr/bin/env bash
# sqlmap (Debian) against every parameter of the REST API, signed in: starts the platform on a
# fresh data directory and a free port, waits for /health/ready, then tests/security/sqlmap_api.py
# builds one sqlmap target per operation of /api/v1/openapi.json (every path and query parameter,
# every JSON body field, the Idempotency-Key header) and runs them. Exits non-zero when sqlmap
# finds anything injectable (or could not finish a target). sqlmap's output lands in
# build/security/sqlmap/.
#
#   tests/security/sqlmap.sh [binary] [--full] [--jobs N] [--only REGEX] [--level N] [--risk N]
#
# Short mode (default, `make test`): level 1, risk 1, techniques B,E,U. --full (`make security`):
# level 3, risk 2, every technique including time-based. With DATABASE_URL naming PostgreSQL the
# platform runs on that database (demo data is loaded only when it is empty) and sqlmap's
# payloads are PostgreSQL's; otherwise SQLite in the fresh data directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.build/debug/careerops
if [[ $# -gt 0 && $1 != -* ]]; then BIN=$1; shift; fi
[[ -x $BIN ]] || { echo "sqlmap: $BIN is not an executable (build it, or pass the binary)" >&2; exit 2; }
if ! command -v sqlmap >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then echo "sqlmap: please install sqlmap (apt-get install sqlmap)" >&2; exit 2; fi
  echo "sqlmap: installing sqlmap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap >/dev/null
fi
PY=/usr/bin/python3; [[ -x $PY ]] || PY=python3

OUT=build/security/sqlmap
rm -rf "$OUT" && mkdir -p "$OUT"
DATA=$(mktemp -d)
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
case "${DATABASE_URL:-}" in
  postgres*) DBMS=PostgreSQL ;;
  *) DBMS=SQLite ;;
esac
if [[ $DBMS == PostgreSQL && -z ${CAREEROPS_HMAC_KEY:-} ]]; then
  # E-mail addresses are found by an HMAC and fields are encrypted with keys that otherwise live
  # in the (fresh) data directory: keep one set for this database across runs, so that the demo
  # accounts loaded by the first run still sign in on the next.
  KEYS=build/security/postgres-keys.env
  if [[ ! -s $KEYS ]]; then "$BIN" keys >"$KEYS"; chmod 600 "$KEYS"; fi
  set -a; source "$KEYS"; set +a
fi

# Generous rate limits (sqlmap sends thousands of requests), a cheap bcrypt (sign-up and sign-in
# are scanned too); DATABASE_URL and REDIS_URL pass through unchanged.
CAREEROPS_DATA_DIR="$DATA" CAREEROPS_MODEL_DIR="${CAREEROPS_MODEL_DIR:-$PWD/.cache/models/all-MiniLM-L6-v2}" \
  RATE_LIMIT_AUTH=1000000/min RATE_LIMIT_API=10000000/min RATE_LIMIT_ACCOUNT=10000000/min BCRYPT_COST=4 \
  "$BIN" serve --port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
SCAN=
cleanup() {
  # The scan runs in its own process group (setsid): this stops the helper and its sqlmaps too.
  [[ -n $SCAN ]] && kill -- "-$SCAN" 2>/dev/null || true
  # A graceful stop waits for the worker's job in progress (the first minutes after the demo data
  # load are busy): 20 s, then SIGKILL.
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=tests/security/await-platform.sh
. tests/security/await-platform.sh
await_platform sqlmap "http://127.0.0.1:$PORT" "$SERVER" "$OUT/server.log"

echo "== sqlmap $(sqlmap --version 2>/dev/null | head -1) against http://127.0.0.1:$PORT ($DBMS)"
# In the background and waited for, so that an interrupt stops everything at once.
setsid $PY tests/security/sqlmap_api.py "http://127.0.0.1:$PORT" --out "$OUT" --dbms "$DBMS" "$@" &
SCAN=$!
status=0
wait "$SCAN" || status=$?
SCAN=
errors=$(grep -cE '^\S+ (error|critical) ' "$OUT/server.log" || true)
if [[ ${errors:-0} -gt 0 ]]; then
  echo "the server logged $errors error lines during the scan (see $OUT/server.log):"
  grep -E '^\S+ (error|critical) ' "$OUT/server.log" | cut -c1-240 | sort | uniq -c | sort -rn | head -10
fi
exit "$status"
