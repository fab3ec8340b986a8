#!/usr/bin/env bash
# Schemathesis against the REST API's own OpenAPI document: starts the given binary on a fresh
# data folder (SQLite, demo data) and a free port, signs in, collects real ids from the demo data
# (tests/security/prepare.py), and runs `schemathesis run --checks all` over the examples,
# coverage, fuzzing and stateful phases with tests/security/schemathesis.toml: once as the demo
# member over every operation but those only admins may use, once as the platform admin over
# those. Exits non-zero on any failure or error; the platform is stopped whatever happens.
#
#   tests/security/schemathesis.sh [--full] [--seed N] [BINARY] [-- SCHEMATHESIS-RUN-OPTIONS…]
#   (BINARY defaults to .build/debug/careerops; options after -- go to both `schemathesis run`s,
#   e.g. -- --continue-on-failure to list every failure of an operation, not only its first)
#
# Short mode (the default, for CI: a few minutes) draws few examples per operation; --full draws
# Schemathesis's default 100 (and as many stateful scenarios). Reports (JUnit, NDJSON) and the
# server's log land in build/schemathesis/. Schemathesis comes from PyPI, pinned, into
# .cache/schemathesis-VERSION (a virtual environment of its own).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.32.5

MODE=short
SEED=${SCHEMATHESIS_SEED:-}
BIN=.build/debug/careerops
EXTRA=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --full) MODE=full ;;
    --short) MODE=short ;;
    --seed) SEED=$2; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "schemathesis: unknown option $1" >&2; exit 2 ;;
    *) BIN=$1 ;;
  esac
  shift
done
[[ -x $BIN ]] || { echo "schemathesis: no executable at $BIN" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

VENV=.cache/schemathesis-$VERSION
ST=$VENV/bin/schemathesis
if ! [[ -x $ST ]] || [[ $("$ST" --version 2>/dev/null) != *"$VERSION"* ]]; then
  echo "schemathesis: installing schemathesis==$VERSION into $VENV"
  rm -rf "$VENV"
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then echo "schemathesis: please install python3-venv (apt-get install python3-venv)" >&2; exit 2; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$VERSION"
fi

OUT=build/schemathesis
rm -rf "$OUT" && mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/careerops-schemathesis.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
# The platform's rate limits are for people; a run sends thousands of requests a minute.
env -u DATABASE_URL -u DATABASE_READ_URL -u REDIS_URL \
  CAREEROPS_DATA_DIR="$DATA" CAREEROPS_MODEL_DIR="$PWD/.cache/models/all-MiniLM-L6-v2" \
  RATE_LIMIT_AUTH=100000/min RATE_LIMIT_API=1000000/min RATE_LIMIT_ACCOUNT=1000000/min \
  "$BIN" serve --port "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=tests/security/await-platform.sh
. tests/security/await-platform.sh
await_platform schemathesis "$BASE" "$SERVER" "$OUT/server.log"
python3 tests/security/prepare.py "$BASE" >"$OUT/ids.env"
set -a
# shellcheck disable=SC1091
. "$OUT/ids.env"
set +a

if [[ $MODE == full ]]; then
  GENERATION=(--max-examples 100)
else
  GENERATION=(--max-examples 10)
fi
[[ -n $SEED ]] && GENERATION+=(--seed "$SEED")

# What only admins may use (platform admins, or an organization's admins): tested as the
# platform admin, since the demo member only ever gets 403/404 there.
ADMIN_ONLY='^(POST /api/v1/orgs|[A-Z]+ /api/v1/orgs/.*|[A-Z]+ /api/v1/admin/.*|(POST|PUT|PATCH) /api/v1/opportunities(/\{id\}(/close)?|/import)?|(POST|PUT) /api/v1/learning-resources(/\{id\})?|GET /api/v1/analytics/reports/.*)$'

status=0
pass() {
  local name=$1 token=$2; shift 2
  echo "== schemathesis $VERSION ($MODE) as the $name against $BASE"
  ST_TOKEN=$token "$ST" --config-file tests/security/schemathesis.toml run "$BASE/api/v1/openapi.json" \
    --url "$BASE" --checks all --no-color "${GENERATION[@]}" \
    --report junit,ndjson --report-dir "$OUT/$name" "$@" "${EXTRA[@]}" 2>&1 | tee "$OUT/$name.txt" || status=1
}
pass member "$ST_TOKEN" --exclude-name-regex "$ADMIN_ONLY"
pass admin "$ST_ADMIN_TOKEN" --include-name-regex "$ADMIN_ONLY"

if [[ $status -ne 0 ]]; then
  echo "schemathesis: failures (see $OUT/member.txt, $OUT/admin.txt and the reports beside them)" >&2
fi
exit $status
