#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from Debian's packages, for CI, the cluster test and benchmarks.
#   scripts/pg-cluster.sh start          installs PostgreSQL if missing, starts a cluster on a free
#                                        port near 5433 and prints "<data dir> <DATABASE_URL>"
#   scripts/pg-cluster.sh replica DIR    a streaming replica of the cluster in DIR (pg_basebackup),
#                                        started; prints "<data dir> <DATABASE_READ_URL>"
#   scripts/pg-cluster.sh pgbouncer DIR  PgBouncer in transaction mode in front of the cluster in
#                                        DIR (installed if missing); prints "<dir> <DATABASE_URL>"
#   scripts/pg-cluster.sh stop DIR       stops any of them and removes its folder
# Runs as root: the servers themselves run as the postgres user.
set -euo pipefail
PASSWORD=careerops-ci

free_port() {
  python3 -c "
import socket
for port in range($1, $1 + 100):
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', port)); print(port); break
        except OSError:
            pass
"
}

pgbin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

owned_dir() {
  local dir
  dir=$(mktemp -d "/tmp/careerops-$1.XXXXXX")
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  echo "$dir"
}

case "${1:-}" in
start)
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  PGBIN=$(pgbin)
  PGDATA=$(owned_dir pg)
  PGPORT=$(free_port 5433)
  su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB -c max_wal_size=4GB -c synchronous_commit=off' -l $PGDATA/server.log -w start" >/dev/null
  su postgres -c "psql -q -h /tmp -p $PGPORT -c \"CREATE ROLE careerops LOGIN PASSWORD '$PASSWORD'\" -c \"CREATE DATABASE careerops OWNER careerops\""
  echo "$PGDATA postgres://careerops:$PASSWORD@127.0.0.1:$PGPORT/careerops?tlsmode=disable"
  ;;
replica)
  PRIMARY=${2:?usage: pg-cluster.sh replica PRIMARY_DIR}
  PGBIN=$(pgbin)
  PRIMARY_PORT=$(sed -n 4p "$PRIMARY/postmaster.pid")
  REPLICA=$(owned_dir pg-replica)
  PORT=$(free_port $((PRIMARY_PORT + 1)))
  su postgres -c "$PGBIN/pg_basebackup -h /tmp -p $PRIMARY_PORT -U postgres -D $REPLICA -R -X stream -c fast" >/dev/null
  su postgres -c "$PGBIN/pg_ctl -D $REPLICA -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c hot_standby=on' -l $REPLICA/server.log -w start" >/dev/null
  echo "$REPLICA postgres://careerops:$PASSWORD@127.0.0.1:$PORT/careerops?tlsmode=disable"
  ;;
pgbouncer)
  PRIMARY=${2:?usage: pg-cluster.sh pgbouncer PRIMARY_DIR}
  if ! command -v pgbouncer >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
  fi
  PRIMARY_PORT=$(sed -n 4p "$PRIMARY/postmaster.pid")
  DIR=$(owned_dir pgbouncer)
  PORT=$(free_port 6432)
  cat > "$DIR/pgbouncer.ini" <<INI
[databases]
careerops = host=127.0.0.1 port=$PRIMARY_PORT dbname=careerops
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits,options
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
  echo "\"careerops\" \"$PASSWORD\"" > "$DIR/userlist.txt"
  chown -R postgres:postgres "$DIR"
  su postgres -c "pgbouncer -d $DIR/pgbouncer.ini"
  for _ in $(seq 1 50); do [[ -s $DIR/pgbouncer.pid ]] && break; sleep 0.1; done
  echo "$DIR postgres://careerops:$PASSWORD@127.0.0.1:$PORT/careerops?tlsmode=disable"
  ;;
stop)
  DIR=${2:?usage: pg-cluster.sh stop DIR}
  if [[ -f $DIR/pgbouncer.pid ]]; then
    kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true
  else
    su postgres -c "$(pgbin)/pg_ctl -D $DIR -m fast stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  ;;
*)
  echo "usage: scripts/pg-cluster.sh start | replica DIR | pgbouncer DIR | stop DIR" >&2
  exit 2
  ;;
esac
