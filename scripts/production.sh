#!/usr/bin/env bash
# The production profile on this machine: nginx in front of two web servers
# (the same web app as `make run`), two Rasa instances, two action servers, the
# advisor desk, the retention job and log rotation; PostgreSQL (conversations,
# desk) and Redis. Everything listens on 127.0.0.1; only nginx faces people.
#
#   scripts/production.sh start    start everything in the background, print READY
#   scripts/production.sh stop     stop everything this profile started
#   scripts/production.sh status   what is running
#   scripts/production.sh install  only install the Debian packages it needs
#   scripts/production.sh run      start, wait for Ctrl-C, stop (used by `make production`)
#   scripts/production.sh desk ... the desk's administration with this profile's database, e.g.
#       printf '%s\n' "$PASSWORD" | scripts/production.sh desk add-advisor sanne --name Sanne --password-stdin
#
# Settings (environment or .env), with their defaults:
#   PROD_DIR=var/production  databases, logs, pid files, secrets
#   PROD_PORT=8088           nginx over HTTP: web page, REST, socket.io (localhost only)
#   PROD_TLS_PORT=8443       nginx over HTTPS: the same, and the advisor desk /desk/
#   PROD_TLS_CERT, PROD_TLS_KEY   certificate and key (default: self-signed, made at start)
#   PROD_DESK_ALLOW="127.0.0.0/8"   addresses/networks that may open the desk ("all": anyone)
#   PROD_PUBLIC_URL=http://127.0.0.1:$PROD_PORT   the address people use (the widget connects there)
#   PROD_RASA_PORTS="5105 5106"  PROD_ACTION_PORTS="5155 5156"  PROD_ACTION_PROXY_PORT=5150
#   PROD_WEB_PORTS="8181 8182"  PROD_DESK_PORT=8190  PROD_API_PROXY_PORT=5100
#   PROD_PG_PORT=5433  PROD_REDIS_PORT=6380
#   PROD_MODEL=newest models/*.tar.gz
# Secrets, one per purpose: RASA_AUTH_TOKEN, ACTION_SERVER_TOKEN, HANDOFF_API_TOKEN,
# CONVERSATION_ID_SECRET, REST_TOKEN, HANDOFF_PUBLIC_KEY/HANDOFF_PRIVATE_KEY: from the
# environment, else random once, kept in $PROD_DIR/secrets/ (mode 600). Each process gets
# only those it uses. A placeholder or short one stops `start` at once, naming it.
# Debian packages (postgresql, redis-server, nginx-light, logrotate, openssl) are installed
# when missing. No Docker, no systemd: deploy/README.md describes a real deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# .env fills in what the environment does not set (as wegwijzer/settings.py does).
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    value=${value%\"}; value=${value#\"}  # PROD_RASA_PORTS="5105 5106"
    if [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && [ -z "${!key+x}" ]; then export "$key=$value"; fi
  done < .env
fi

PROD_DIR=$(realpath -m "${PROD_DIR:-var/production}")
PROD_PORT=${PROD_PORT:-8088}
TLS_PORT=${PROD_TLS_PORT:-8443}
DESK_ALLOW=${PROD_DESK_ALLOW:-127.0.0.0/8}
read -r -a RASA_PORTS <<< "${PROD_RASA_PORTS:-5105 5106}"
read -r -a ACTION_PORTS <<< "${PROD_ACTION_PORTS:-5155 5156}"
ACTION_PROXY_PORT=${PROD_ACTION_PROXY_PORT:-5150}
read -r -a WEB_PORTS <<< "${PROD_WEB_PORTS:-8181 8182}"
DESK_PORT=${PROD_DESK_PORT:-8190}
API_PROXY_PORT=${PROD_API_PROXY_PORT:-5100}
PUBLIC_URL=${PROD_PUBLIC_URL:-http://127.0.0.1:$PROD_PORT}
PUBLIC_URL=${PUBLIC_URL%/}
DESK_PUBLIC_URL=https://127.0.0.1:$TLS_PORT/desk/
PG_PORT=${PROD_PG_PORT:-5433}
REDIS_PORT=${PROD_REDIS_PORT:-6380}
VENV_BIN=$ROOT/.venv/bin
export PYTHONPATH=$ROOT TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# Every process knows it runs in production: the REST channel is off without REST_TOKEN,
# entry points refuse missing secrets, the desk cookie is Secure (the desk is behind HTTPS).
export WEGWIJZER_PROFILE=production HANDOFF_COOKIE_SECURE=true
# One TensorFlow thread each way per Rasa process: two processes share 2 cores.
export TF_NUM_INTRAOP_THREADS=${TF_NUM_INTRAOP_THREADS:-1} TF_NUM_INTEROP_THREADS=${TF_NUM_INTEROP_THREADS:-1}

log() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_packages() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v logrotate >/dev/null || [ -x /usr/sbin/logrotate ] || missing+=(logrotate)
  command -v openssl >/dev/null || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- processes ---------------------------------------------------------------
# Each service runs in its own session (setsid), so stopping its process group
# also stops its children. Pid files live in $PROD_DIR/run.
spawn() {  # name command...
  local name=$1; shift
  # Appending (O_APPEND): log rotation's copytruncate then leaves no hole in the file.
  setsid "$@" >> "$PROD_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$PROD_DIR/run/$name.pid"
}

# --- secrets -------------------------------------------------------------------------------
# Each in $PROD_DIR/secrets/NAME (mode 600): from the environment when given there, else
# random once. They are not exported: spawn_with gives each process only those it uses.
SECRETS="RASA_AUTH_TOKEN ACTION_SERVER_TOKEN HANDOFF_API_TOKEN CONVERSATION_ID_SECRET REST_TOKEN"
KEYS="HANDOFF_PUBLIC_KEY HANDOFF_PRIVATE_KEY"
SECRETS_RASA="RASA_AUTH_TOKEN ACTION_SERVER_TOKEN CONVERSATION_ID_SECRET REST_TOKEN HANDOFF_PUBLIC_KEY"
SECRETS_ACTIONS="ACTION_SERVER_TOKEN HANDOFF_API_TOKEN HANDOFF_PUBLIC_KEY"
SECRETS_DESK="HANDOFF_API_TOKEN RASA_AUTH_TOKEN HANDOFF_PRIVATE_KEY HANDOFF_PUBLIC_KEY"
DATABASE_URLS="TRACKER_STORE_URL HANDOFF_DATABASE_URL"

random_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }

# Before anything starts: a placeholder or short secret in the environment stops here.
check_given_secrets() {
  "$VENV_BIN/python" -m wegwijzer.secret_check --strong $SECRETS $KEYS HANDOFF_WEBHOOK_TOKEN \
    TRACKER_STORE_URL HANDOFF_DATABASE_URL || exit 2
}

make_secrets() {
  mkdir -p "$PROD_DIR/secrets" && chmod 700 "$PROD_DIR/secrets"
  local name
  for name in $SECRETS $KEYS; do
    if [ -n "${!name:-}" ]; then (umask 077; printf '%s\n' "${!name}" > "$PROD_DIR/secrets/$name"); fi
  done
  for name in $SECRETS; do
    [ -s "$PROD_DIR/secrets/$name" ] || (umask 077; random_secret > "$PROD_DIR/secrets/$name")
  done
  # Contact details: sealed with the public key (Rasa, actions), opened with the private one (desk).
  if [ ! -s "$PROD_DIR/secrets/HANDOFF_PRIVATE_KEY" ] || [ ! -s "$PROD_DIR/secrets/HANDOFF_PUBLIC_KEY" ]; then
    local pair; pair=$("$VENV_BIN/python" -m wegwijzer.handoff keys) || die "cannot make the handoff key pair"
    (umask 077
     sed -n 's/^HANDOFF_PUBLIC_KEY=//p' <<< "$pair" > "$PROD_DIR/secrets/HANDOFF_PUBLIC_KEY"
     sed -n 's/^HANDOFF_PRIVATE_KEY=//p' <<< "$pair" > "$PROD_DIR/secrets/HANDOFF_PRIVATE_KEY")
  fi
  for name in $SECRETS $KEYS; do unset "$name"; done
  # All set and strong, as each process will check too (WEGWIJZER_PROFILE=production).
  with_secrets "$SECRETS $KEYS" "$VENV_BIN/python" -m wegwijzer.secret_check --set $SECRETS $KEYS $DATABASE_URLS \
    || die "a secret in $PROD_DIR/secrets is weak"
}

secret() { cat "$PROD_DIR/secrets/$1"; }

with_secrets() {  # "NAME ..." command...: the command with these secrets in its environment
  local names=$1; shift
  (
    for name in $names; do export "$name=$(secret "$name")"; done
    "$@"
  )
}

spawn_with() {  # "NAME ..." name command...
  local names=$1; shift
  with_secrets "$names" spawn "$@"
}

alive() { [ -f "$PROD_DIR/run/$1.pid" ] && kill -0 "$(cat "$PROD_DIR/run/$1.pid")" 2>/dev/null; }

stop_spawned() {  # name
  alive "$1" || { rm -f "$PROD_DIR/run/$1.pid"; return 0; }
  local pid; pid=$(cat "$PROD_DIR/run/$1.pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PROD_DIR/run/$1.pid"
}

wait_http() {  # url timeout-seconds name
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
    [ -z "${3:-}" ] || alive "$3" || die "$3 stopped; see $PROD_DIR/logs/$3.log"
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not answer within $2 s${3:+; see $PROD_DIR/logs/$3.log}"
    sleep 0.5
  done
}

# --- PostgreSQL (tracker store) ------------------------------------------------
# PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local bin; bin=$(pg_bin)
  local data=$PROD_DIR/postgres
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating PostgreSQL cluster in $data"
    mkdir -p "$data"
    [ -f "$PROD_DIR/pg-password" ] || (umask 077; random_secret > "$PROD_DIR/pg-password")
    local pwfile=$PROD_DIR/run/pg-initdb-password
    cp "$PROD_DIR/pg-password" "$pwfile"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$data" "$pwfile" && chmod 700 "$data"
      as_pg test -w "$data" || die "user postgres cannot reach $data: choose a PROD_DIR whose parents are world-readable"
    fi
    as_pg "$bin/initdb" -D "$data" -U wegwijzer --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/postgresql.log" \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $data -c max_connections=100" start >/dev/null
  fi
  # A password from before the 32-character rule: replaced (the role changes its own).
  if [ "$(wc -c < "$PROD_DIR/pg-password")" -lt 33 ]; then
    local new; new=$(random_secret)
    PGPASSWORD=$(cat "$PROD_DIR/pg-password") psql -h 127.0.0.1 -p "$PG_PORT" -U wegwijzer -d postgres -qc \
      "ALTER ROLE wegwijzer PASSWORD '$new'" >/dev/null && (umask 077; echo "$new" > "$PROD_DIR/pg-password")
  fi
  # Conversations in `wegwijzer`, the advisor desk in `wegwijzer_desk`.
  local db
  for db in wegwijzer wegwijzer_desk; do
    PGPASSWORD=$(cat "$PROD_DIR/pg-password") psql -h 127.0.0.1 -p "$PG_PORT" -U wegwijzer -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || PGPASSWORD=$(cat "$PROD_DIR/pg-password") psql -h 127.0.0.1 -p "$PG_PORT" -U wegwijzer -d postgres -qc "CREATE DATABASE $db" >/dev/null
  done
}

stop_postgres() {
  [ -f "$PROD_DIR/postgres/PG_VERSION" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$PROD_DIR/postgres" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Redis (lock store) -------------------------------------------------------------
start_redis() {
  alive redis && return 0
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  # Locks only: nothing to persist.
  spawn redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$PROD_DIR/run" --protected-mode yes
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0; sleep 0.1; done
  die "Redis did not start; see $PROD_DIR/logs/redis.log"
}

# --- nginx -----------------------------------------------------------------------------
nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

# TLS for the desk (and everything else on PROD_TLS_PORT): PROD_TLS_CERT/PROD_TLS_KEY, or
# a self-signed certificate for 127.0.0.1 and localhost, made once.
TLS_CERT=${PROD_TLS_CERT:-$PROD_DIR/tls/cert.pem}
TLS_KEY=${PROD_TLS_KEY:-$PROD_DIR/tls/key.pem}
make_certificate() {
  [ -f "$TLS_CERT" ] && [ -f "$TLS_KEY" ] && return 0
  [ -z "${PROD_TLS_CERT:-}" ] || die "PROD_TLS_CERT/PROD_TLS_KEY: no such files"
  log "making a self-signed TLS certificate for 127.0.0.1 in $PROD_DIR/tls"
  mkdir -p "$PROD_DIR/tls" && chmod 700 "$PROD_DIR/tls"
  (umask 077; openssl req -x509 -newkey rsa:2048 -nodes -days 90 -subj "/CN=127.0.0.1" \
     -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null) \
    || die "openssl could not make a certificate"
  chmod 644 "$TLS_CERT"
}

# The desk's allow-list for nginx, from PROD_DESK_ALLOW.
desk_allow_file() {
  local file=$PROD_DIR/nginx/desk-allow.conf address
  : > "$file"
  for address in $DESK_ALLOW; do echo "allow $address;" >> "$file"; done
  [ "$DESK_ALLOW" = all ] || echo "deny all;" >> "$file"
}

start_nginx() {
  mkdir -p "$PROD_DIR/nginx"
  make_certificate
  desk_allow_file
  local vars='${RASA_SERVER_1} ${RASA_SERVER_2} ${ACTION_SERVER_1} ${ACTION_SERVER_2} ${WEB_SERVER_1} ${WEB_SERVER_2}
             ${DESK_SERVER} ${PUBLIC_LISTEN} ${TLS_LISTEN} ${TLS_CERTIFICATE} ${TLS_CERTIFICATE_KEY} ${PLAIN_HTTP}
             ${HTTPS_PORT_SUFFIX} ${ACTIONS_LISTEN} ${API_LISTEN} ${ACCESS_LOG} ${API_ALLOW} ${DESK_ALLOW_FILE} ${PROD_DIR}'
  RASA_SERVER_1=127.0.0.1:${RASA_PORTS[0]} RASA_SERVER_2=127.0.0.1:${RASA_PORTS[1]} \
  ACTION_SERVER_1=127.0.0.1:${ACTION_PORTS[0]} ACTION_SERVER_2=127.0.0.1:${ACTION_PORTS[1]} \
  WEB_SERVER_1=127.0.0.1:${WEB_PORTS[0]} WEB_SERVER_2=127.0.0.1:${WEB_PORTS[1]} DESK_SERVER=127.0.0.1:$DESK_PORT \
  PUBLIC_LISTEN=127.0.0.1:$PROD_PORT TLS_LISTEN=127.0.0.1:$TLS_PORT TLS_CERTIFICATE=$TLS_CERT TLS_CERTIFICATE_KEY=$TLS_KEY \
  PLAIN_HTTP=serve HTTPS_PORT_SUFFIX=:$TLS_PORT \
  ACTIONS_LISTEN=127.0.0.1:$ACTION_PROXY_PORT API_LISTEN=127.0.0.1:$API_PROXY_PORT \
  ACCESS_LOG=$PROD_DIR/logs/nginx-access.log API_ALLOW=127.0.0.1 DESK_ALLOW_FILE=$PROD_DIR/nginx/desk-allow.conf \
  PROD_DIR=$PROD_DIR \
    bash -c "envsubst '$vars' < deploy/nginx/wegwijzer.conf > '$PROD_DIR/nginx/wegwijzer.conf' &&
             envsubst '$vars' < deploy/nginx/nginx-local.conf > '$PROD_DIR/nginx/nginx.conf'"
  "$(nginx_bin)" -t -q -c "$PROD_DIR/nginx/nginx.conf" -p "$PROD_DIR/nginx" 2>&1 | grep -v "could not open error log" >&2 || true
  if [ -f "$PROD_DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$PROD_DIR/nginx/nginx.pid")" 2>/dev/null; then
    "$(nginx_bin)" -c "$PROD_DIR/nginx/nginx.conf" -p "$PROD_DIR/nginx" -s reload
  else
    log "starting nginx on 127.0.0.1:$PROD_PORT (HTTP) and 127.0.0.1:$TLS_PORT (HTTPS)"
    "$(nginx_bin)" -c "$PROD_DIR/nginx/nginx.conf" -p "$PROD_DIR/nginx" 2>&1 | grep -v "could not open error log" >&2 || true
  fi
}

stop_nginx() {
  local pidfile=$PROD_DIR/nginx/nginx.pid
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || return 0
  local pid; pid=$(cat "$pidfile")
  kill -QUIT "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
}

# --- Rasa and action servers ------------------------------------------------------------
model_path() {
  if [ -n "${PROD_MODEL:-}" ]; then echo "$PROD_MODEL"; return; fi
  ls -t "$ROOT"/models/*.tar.gz 2>/dev/null | head -1
}

# What every process of the profile shares: databases, where the others are. Secrets
# are not here: spawn_with gives each process its own.
profile_env() {
  local pg; pg="postgresql://wegwijzer:$(cat "$PROD_DIR/pg-password")@127.0.0.1:$PG_PORT"
  export TRACKER_STORE_URL="$pg/wegwijzer" HANDOFF_DATABASE_URL="$pg/wegwijzer_desk"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export ACTION_SERVER_URL="http://127.0.0.1:$ACTION_PROXY_PORT/webhook"
  # The action servers reach the desk directly; the desk reaches Rasa's HTTP API
  # through nginx's internal listener (either instance).
  export HANDOFF_PORT=$DESK_PORT HANDOFF_URL="http://127.0.0.1:$DESK_PORT"
  export RASA_URL="http://127.0.0.1:$API_PROXY_PORT"
  # The browser's address of the assistant: the same origin as the page, so
  # the widget's socket.io goes through nginx (wegwijzer.web.server).
  export ASSISTANT_URL=$PUBLIC_URL
}

# Create the tables once, before several processes race to do it.
create_schemas() {
  { "$VENV_BIN/python" -c "from wegwijzer.rasa_overrides.tracker_store import ConfiguredTrackerStore; ConfiguredTrackerStore()" &&
    "$VENV_BIN/python" -c "import os; from wegwijzer.handoff.db import engine_for; engine_for(os.environ['HANDOFF_DATABASE_URL'])"
  } > "$PROD_DIR/logs/schema.log" 2>&1 || die "cannot reach PostgreSQL; see $PROD_DIR/logs/schema.log"
}

start_assistant() {
  local model; model=$(model_path)
  [ -f "$model" ] || die "no trained model: run \`make train\` first (or set PROD_MODEL)"
  local i
  for i in 0 1; do
    # Loopback only; Rasa's calls carry ACTION_SERVER_TOKEN (endpoints.yml).
    alive "actions-$i" || spawn_with "$SECRETS_ACTIONS" "actions-$i" "$VENV_BIN/python" -m wegwijzer.action_server \
      --actions actions --host 127.0.0.1 --port "${ACTION_PORTS[$i]}"
  done
  log "starting 2 Rasa instances with $(basename "$model")"
  for i in 0 1; do
    alive "rasa-$i" && continue
    # DATA_DIR stays the project's (contact directory); conversations are in PostgreSQL.
    # `rasa run` with RASA_AUTH_TOKEN from the environment: no token on a command line.
    spawn_with "$SECRETS_RASA" "rasa-$i" "$VENV_BIN/python" -m wegwijzer.rasa_server --model "$model" --enable-api \
      --port "${RASA_PORTS[$i]}" --interface 127.0.0.1 \
      --cors "http://127.0.0.1:$PROD_PORT" "http://localhost:$PROD_PORT" "$PUBLIC_URL" \
        "https://127.0.0.1:$TLS_PORT" "https://localhost:$TLS_PORT" \
      --endpoints endpoints.yml --credentials credentials.yml
  done
}

wait_assistant() {
  local i
  for i in 0 1; do wait_http "http://127.0.0.1:${ACTION_PORTS[$i]}/health" 120 "actions-$i"; done
  for i in 0 1; do wait_http "http://127.0.0.1:${RASA_PORTS[$i]}/" 300 "rasa-$i"; done
}

# --- web pages, advisor desk, retention ---------------------------------------------------
# The pages come from the same web app as in `make run` (wegwijzer.web.server):
# nginx only passes them on, so HTML, headers and /api/emergency-routes are the same.
start_web() {
  local i
  for i in 0 1; do
    alive "web-$i" || spawn "web-$i" "$VENV_BIN/python" -m wegwijzer.web.server --host 127.0.0.1 --port "${WEB_PORTS[$i]}"
  done
}

# One desk process: advisors' presence and websockets live in its memory. It alone holds
# the private key that opens contact details people left.
start_desk() {
  alive desk || spawn_with "$SECRETS_DESK" desk "$VENV_BIN/python" -m wegwijzer.handoff serve \
    --host 127.0.0.1 --port "$DESK_PORT"
}

# Deletes conversations after RETENTION_DAYS: now and every RETENTION_CHECK_MINUTES (60),
# each time after keeping the anonymous figures of the finished days (wegwijzer.insight).
# DATA_DIR: it cleans this profile's log files, not those of `make run` in var/.
start_retention() {
  alive retention || spawn retention env DATA_DIR="$PROD_DIR/logs" "$VENV_BIN/python" -m wegwijzer.privacy schedule \
    --first "$VENV_BIN/python -m wegwijzer.insight collect"
}

# Log rotation with a maximum age (deploy/logrotate/wegwijzer.conf): every log this profile
# writes (process logs, nginx, PostgreSQL) is rotated daily, and rotated files are deleted
# RETENTION_DAYS after. logrotate runs now and every hour; its state is in $PROD_DIR/run.
logrotate_bin() { command -v logrotate || echo /usr/sbin/logrotate; }

write_logrotate_conf() {
  local days=${RETENTION_DAYS:-30}
  LOG_FILES="$PROD_DIR/logs/*.log $PROD_DIR/nginx/error.log $PROD_DIR/postgres/postgresql.log" \
  RETENTION_DAYS=$days \
    envsubst '${LOG_FILES} ${RETENTION_DAYS}' < deploy/logrotate/wegwijzer.conf > "$PROD_DIR/logrotate.conf"
}

start_logrotate() {
  write_logrotate_conf
  alive logrotate && return 0
  "$(logrotate_bin)" --state "$PROD_DIR/run/logrotate.state" "$PROD_DIR/logrotate.conf" \
    || die "logrotate refused $PROD_DIR/logrotate.conf"
  spawn logrotate bash -c "while sleep 3600; do '$(logrotate_bin)' --state '$PROD_DIR/run/logrotate.state' '$PROD_DIR/logrotate.conf'; done"
}

# --- commands ----------------------------------------------------------------------------
# In stopping order: the front first, the stores last.
SERVICES="web-0 web-1 desk retention logrotate rasa-0 rasa-1 actions-0 actions-1 redis"

start() {
  install_packages
  mkdir -p "$PROD_DIR/logs" "$PROD_DIR/run"
  if [ "$(id -u)" = 0 ]; then chmod 755 "$PROD_DIR" "$PROD_DIR/run"; fi
  start_postgres
  start_redis
  profile_env
  make_secrets
  create_schemas
  start_nginx
  start_assistant
  # These start in seconds, while Rasa loads its model.
  start_web
  start_desk
  start_retention
  start_logrotate
  local i
  for i in 0 1; do wait_http "http://127.0.0.1:${WEB_PORTS[$i]}/" 30 "web-$i"; done
  wait_http "http://127.0.0.1:$DESK_PORT/health" 60 desk
  wait_assistant
  wait_http "http://127.0.0.1:$PROD_PORT/health" 30
  cat <<MSG

Production profile is running (state in $PROD_DIR):
  web page           $PUBLIC_URL/   (web servers ${WEB_PORTS[*]}; also https://127.0.0.1:$TLS_PORT/)
  advisor desk       $DESK_PUBLIC_URL   (HTTPS only, certificate $TLS_CERT; port $DESK_PORT;
                     add an advisor: scripts/production.sh desk add-advisor)
  REST (round-robin) $PUBLIC_URL/webhooks/rest/webhook (Authorization: Bearer \$(cat $PROD_DIR/secrets/REST_TOKEN))
  socket.io (sticky) $PUBLIC_URL/socket.io/
  HTTP API           http://127.0.0.1:$API_PROXY_PORT/conversations/... (token in $PROD_DIR/secrets/RASA_AUTH_TOKEN)
  Rasa instances     ${RASA_PORTS[*]}; action servers ${ACTION_PORTS[*]} behind :$ACTION_PROXY_PORT
  PostgreSQL         127.0.0.1:$PG_PORT (databases wegwijzer, wegwijzer_desk); Redis 127.0.0.1:$REDIS_PORT
  retention          every ${RETENTION_CHECK_MINUTES:-60} minutes, after ${RETENTION_DAYS:-30} days;
                     logs rotated daily, deleted after ${RETENTION_DAYS:-30} days ($PROD_DIR/logrotate.conf)
Stop with: scripts/production.sh stop
READY
MSG
}

stop() {
  [ -d "$PROD_DIR" ] || return 0
  log "stopping the production profile in $PROD_DIR"
  stop_nginx
  local name
  for name in $SERVICES; do stop_spawned "$name"; done
  stop_postgres
}

status() {
  local name
  for name in $SERVICES; do
    if alive "$name"; then echo "$name: running"; else echo "$name: stopped"; fi
  done
  if [ -f "$PROD_DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$PROD_DIR/nginx/nginx.pid")" 2>/dev/null; then
    echo "nginx: running"; else echo "nginx: stopped"; fi
  if [ -f "$PROD_DIR/postgres/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$PROD_DIR/postgres" status >/dev/null 2>&1; then
    echo "postgresql: running"; else echo "postgresql: stopped"; fi
}

case "${1:-}" in
  # A failed start stops what it had started.
  start) check_given_secrets; trap 'rc=$?; [ $rc -eq 0 ] || stop; exit $rc' EXIT; start ;;
  stop) stop ;;
  status) status ;;
  install) install_packages ;;  # only the Debian packages (tests that need redis-server, nginx)
  run) check_given_secrets; trap 'stop' EXIT; trap 'exit 0' INT TERM; start; while sleep 1; do :; done ;;
  desk)
    shift
    [ -f "$PROD_DIR/pg-password" ] || die "no production profile in $PROD_DIR: run scripts/production.sh start first"
    profile_env
    exec "$VENV_BIN/python" -m wegwijzer.handoff "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
