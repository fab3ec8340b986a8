#!/usr/bin/env bash
# The platform as several instances: a PostgreSQL cluster of its own (scripts/pg-cluster.sh) with
# a streaming replica (pg_basebackup) and PgBouncer in transaction mode in front of the primary,
# Redis, three `careerops serve` processes and HAProxy (deploy/haproxy.cfg) in front, all on
# loopback; tests/cluster/cluster.py drives them. Installs haproxy, redis-server and pgbouncer
# from Debian when missing. Logs land in build/cluster/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build/debug/careerops}
missing=()
command -v haproxy >/dev/null || missing+=(haproxy)
command -v redis-server >/dev/null || missing+=(redis-server)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -ne 0 ]]; then echo "cluster: please install ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1; fi
  echo "cluster: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ $(id -u) -ne 0 ]]; then echo "cluster: runs as root (it starts a PostgreSQL cluster as the postgres user)" >&2; exit 1; fi
OUT=build/cluster
rm -rf "$OUT" && mkdir -p "$OUT"
read -r PGDATA PRIMARY_URL < <(scripts/pg-cluster.sh start)
trap 'scripts/pg-cluster.sh stop "$PGDATA"' EXIT
read -r REPLICA REPLICA_URL < <(scripts/pg-cluster.sh replica "$PGDATA")
read -r BOUNCER BOUNCER_URL < <(scripts/pg-cluster.sh pgbouncer "$PGDATA")
trap 'scripts/pg-cluster.sh stop "$BOUNCER"; scripts/pg-cluster.sh stop "$REPLICA"; scripts/pg-cluster.sh stop "$PGDATA"' EXIT
ulimit -n 20000 2>/dev/null || true
/usr/bin/python3 tests/cluster/cluster.py "$BIN" "$BOUNCER_URL" "$OUT" "$PRIMARY_URL" "$REPLICA_URL"
