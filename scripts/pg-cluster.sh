#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from Debian's packages, for CI and benchmarks.
#   scripts/pg-cluster.sh start   installs PostgreSQL if missing, starts a cluster on a free port
#                                 near 5433 and prints "<data dir> <DATABASE_URL>"
#   scripts/pg-cluster.sh stop DIR  stops it and removes the data
# Runs as root: the server itself runs as the postgres user.
set -euo pipefail
case "${1:-}" in
start)
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGDATA=$(mktemp -d /tmp/careerops-pg.XXXXXX)
  PGPORT=$(python3 -c "
import socket
for port in range(5433, 5533):
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', port)); print(port); break
        except OSError:
            pass
")
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off' -l $PGDATA/server.log -w start" >/dev/null
  su postgres -c "psql -q -h /tmp -p $PGPORT -c \"CREATE ROLE careerops LOGIN PASSWORD 'careerops-ci'\" -c \"CREATE DATABASE careerops OWNER careerops\""
  echo "$PGDATA postgres://careerops:careerops-ci@127.0.0.1:$PGPORT/careerops?tlsmode=disable"
  ;;
stop)
  PGDATA=${2:?usage: pg-cluster.sh stop DIR}
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
  ;;
*)
  echo "usage: scripts/pg-cluster.sh start | stop DIR" >&2
  exit 2
  ;;
esac
