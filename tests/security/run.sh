#!/usr/bin/env bash
# Both outside tools at once against their own fresh platforms: schemathesis (the API against its
# OpenAPI document) and sqlmap (SQL injection in every parameter). They are run side by side to
# halve the wall time on two cores; each one's output lands in build/security/NAME.log and its
# last lines are printed. Exits non-zero when either finds anything.
#
#   tests/security/run.sh [--full] [BINARY]
#
# Short mode (`make test`): schemathesis draws 10 examples per operation from a fixed seed (so a
# red run is reproduced by running it again; `make security` draws new ones each time) and sqlmap
# runs level 1, risk 1, techniques B, E, U. --full (`make security`): schemathesis's default 100
# examples from a new seed, sqlmap level 3, risk 2, every technique.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=()
BIN=.build/debug/careerops
for arg in "$@"; do
  case $arg in
    --full) MODE=(--full) ;;
    *) BIN=$arg ;;
  esac
done
SEED=()
[[ ${#MODE[@]} -eq 0 ]] && SEED=(--seed "${SCHEMATHESIS_SEED:-20261203}")

mkdir -p build/security
tests/security/schemathesis.sh "${MODE[@]}" "${SEED[@]}" "$BIN" >build/security/schemathesis.log 2>&1 &
SCHEMATHESIS=$!
tests/security/sqlmap.sh "$BIN" "${MODE[@]}" >build/security/sqlmap.log 2>&1 &
SQLMAP=$!
trap 'kill $SCHEMATHESIS $SQLMAP 2>/dev/null || true' INT TERM

status=0
wait $SCHEMATHESIS || status=$?
echo "== schemathesis (build/security/schemathesis.log, reports in build/schemathesis/)"
grep -E '^(=+ .* in [0-9.]+s =+|  [0-9]+ generated.*)$' build/security/schemathesis.log || tail -n 20 build/security/schemathesis.log
[[ $status -ne 0 ]] && { echo "schemathesis failed:"; tail -n 40 build/security/schemathesis.log; }
sqlmap_status=0
wait $SQLMAP || sqlmap_status=$?
echo "== sqlmap (build/security/sqlmap.log)"
tail -n 8 build/security/sqlmap.log
if [[ $sqlmap_status -ne 0 ]]; then echo "sqlmap failed (status $sqlmap_status)"; status=$sqlmap_status; fi
exit $status
