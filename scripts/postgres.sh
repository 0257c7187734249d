#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: installs Debian's postgresql if it is
# missing, creates a cluster in a temporary folder, starts it on a free
# loopback port and prints its URL. Idempotent: a running cluster is reused.
#
#   scripts/postgres.sh start   -> prints postgresql://postgres@127.0.0.1:PORT/wegwijzer_test
#   scripts/postgres.sh url     -> the URL of the running cluster (exit 1 if none)
#   scripts/postgres.sh stop    -> stops the cluster and removes its folder
#
# PG_TEST_DIR (default /tmp/wegwijzer-pg-test) holds the cluster. Works as root
# (CI, no Docker): the server then runs as the 'postgres' user.
set -euo pipefail

PG_TEST_DIR=${PG_TEST_DIR:-/tmp/wegwijzer-pg-test}
DB_NAME=wegwijzer_test
DATA="$PG_TEST_DIR/data"
PORT_FILE="$PG_TEST_DIR/port"

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgres() {
  if pg_bin >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; }
  log "installing Debian's postgresql (once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # policy-rc.d: do not start the distribution's own cluster during the install.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends postgresql >&2 || { rm -f /usr/sbin/policy-rc.d; exit 1; }
  rm -f /usr/sbin/policy-rc.d
}

# Run a PostgreSQL program as the cluster owner (postgres refuses to run as root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$PORT_FILE")/$DB_NAME"; }

running() {
  local bin; bin=$(pg_bin) || return 1
  [ -f "$PORT_FILE" ] && [ -d "$DATA" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  if running; then url; return; fi
  install_postgres
  local bin port; bin=$(pg_bin)
  rm -rf "$PG_TEST_DIR"
  mkdir -p "$PG_TEST_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_TEST_DIR"
  as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  echo "$port" > "$PORT_FILE"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
  log "PostgreSQL running on 127.0.0.1:$port ($DATA)"
  url
}

stop() {
  local bin
  if bin=$(pg_bin) && [ -d "$DATA" ]; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TEST_DIR"
}

case "${1:-start}" in
  start) start ;;
  url) running && url ;;
  stop) stop ;;
  *) echo "usage: $0 start|url|stop" >&2; exit 2 ;;
esac
