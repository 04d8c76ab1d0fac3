#!/usr/bin/env bash
# A private, throwaway PostgreSQL 15 cluster for the store tests and benchmarks (never the system's).
#
#   pg_cluster.sh start STATE_DIR   initdb + pg_ctl start in a fresh temp directory, listening on
#                                   127.0.0.1 on a free port (and a unix socket in that directory);
#                                   writes STATE_DIR/conninfo ("host=127.0.0.1 port=N dbname=voipguard
#                                   user=voipguard") and STATE_DIR/cluster (the temp directory).
#   pg_cluster.sh stop STATE_DIR    pg_ctl stop -m immediate and removes the temp directory.
#
# initdb refuses to run as root, so as root (CI) the server runs as the `postgres` OS user the
# Debian package creates. Exits non-zero with the server log when anything fails: a test that needs
# PostgreSQL must fail, not skip, when it cannot start.
set -euo pipefail

PG_BIN=${VG_PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
state=${2:-}
if [ -z "$cmd" ] || [ -z "$state" ]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "pg_cluster: $PG_BIN/initdb not found (install postgresql-15: scripts/install-deps)" >&2
    exit 1
  fi
  mkdir -p "$state"
  if [ -f "$state/cluster" ]; then "$0" stop "$state" || true; fi
  cluster=$(mktemp -d /tmp/vg-pg.XXXXXX)
  chmod 0755 "$cluster"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$cluster"; fi
  echo "$cluster" > "$state/cluster"
  cd "$cluster"  # the server user may not be allowed into the caller's directory
  if ! as_server "$PG_BIN/initdb" -D "$cluster/data" -U voipguard -A trust -E UTF8 --locale=C --no-sync \
      > "$cluster/initdb.log" 2>&1; then
    cat "$cluster/initdb.log" >&2
    exit 1
  fi
  # A port can be taken between picking and binding: try a few.
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_server "$PG_BIN/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$cluster -c max_connections=50" \
        start > /dev/null 2>&1; then
      as_server "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U voipguard -d postgres \
        -c 'CREATE DATABASE voipguard' > /dev/null
      echo "host=127.0.0.1 port=$port dbname=voipguard user=voipguard" > "$state/conninfo"
      cat "$state/conninfo"
      exit 0
    fi
  done
  echo "pg_cluster: the server did not start; its log:" >&2
  cat "$cluster/server.log" >&2 || true
  exit 1
  ;;
stop)
  [ -f "$state/cluster" ] || exit 0
  cluster=$(cat "$state/cluster")
  if [ -d "$cluster/data" ]; then
    as_server "$PG_BIN/pg_ctl" -D "$cluster/data" -m immediate -w stop > /dev/null 2>&1 || true
  fi
  case "$cluster" in /tmp/vg-pg.*) rm -rf "$cluster" ;; esac
  rm -f "$state/cluster" "$state/conninfo"
  ;;
*)
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
