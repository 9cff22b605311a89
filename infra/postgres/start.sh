#!/usr/bin/env bash
# Starts (or reuses) a local PostgreSQL 15 server for development and tests.
#
# Prints exactly one line on stdout:
#   LLMBROKER_PG=Host=127.0.0.1;Port=<port>;Username=postgres;Database=llmbroker
# and writes the connection string (without the LLMBROKER_PG= prefix) to $DATA/connection-string.
# Progress and errors go to stderr, so `export "$(infra/postgres/start.sh)"` works.
#
# Environment:
#   LLMBROKER_PG_DATA           data folder (default /tmp/llmbroker-pg-$UID); the cluster lives in
#                               $DATA/pgdata, the socket in $DATA/pgdata, the log in $DATA/postgres.log
#   LLMBROKER_PG_PORT           port to listen on (default: the port used last time if free, else a free one)
#   LLMBROKER_PG_FAST=1         fsync, synchronous_commit and full_page_writes off (tests only:
#                               a crash can corrupt the cluster)
#   LLMBROKER_PG_BIN            server binaries (default /usr/lib/postgresql/15/bin)
#   LLMBROKER_PG_START_TIMEOUT  seconds to wait for the server to accept connections (default 60)
#
# Runs as root (CI on a fresh Debian 12 clone: installs postgresql-15 if missing and runs the server
# as the postgres user, since initdb and postgres refuse to run as root) or as a normal user (runs
# the server as that user). Idempotent: a server already running on the data folder is reused.
# Authentication is trust on 127.0.0.1 only: a development server, never a production one.
set -euo pipefail

readonly PG_BIN="${LLMBROKER_PG_BIN:-/usr/lib/postgresql/15/bin}"
DATA="$(realpath -m "${LLMBROKER_PG_DATA:-/tmp/llmbroker-pg-$(id -u)}")"
readonly DATA
readonly CLUSTER="$DATA/pgdata"
readonly LOG="$DATA/postgres.log"
readonly DATABASE="llmbroker"
readonly START_TIMEOUT="${LLMBROKER_PG_START_TIMEOUT:-60}"

log() { printf 'postgres/start.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }

install_server() {
  [[ -x "$PG_BIN/postgres" ]] && return 0
  if ! is_root; then
    die "PostgreSQL 15 server binaries not found in $PG_BIN. Install them with 'sudo apt-get install postgresql-15', set LLMBROKER_PG_BIN, or set LLMBROKER_PG to an existing server."
  fi
  log "installing postgresql-15 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # Install postgresql-common first and switch off its default cluster, so the package does not
  # start a second server on 5432 next to ours (the same step the official postgres image takes).
  apt-get install -y -qq --no-install-recommends postgresql-common >&2
  if [[ -f /etc/postgresql-common/createcluster.conf ]]; then
    sed -ri 's/^#?\s*(create_main_cluster)\s*=.*$/\1 = false/' /etc/postgresql-common/createcluster.conf
  fi
  apt-get install -y -qq --no-install-recommends postgresql-15 >&2
  [[ -x "$PG_BIN/postgres" ]] || die "postgresql-15 installed but $PG_BIN/postgres is missing"
}

ensure_server_user() {
  is_root || return 0
  if ! id -u postgres >/dev/null 2>&1; then
    log "creating the postgres user"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

# Runs a command as the server's owner: the postgres user when root, else the current user.
as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  # A successful connect means something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local port
  if [[ -f "$DATA/port" ]]; then
    port="$(<"$DATA/port")"
    if [[ "$port" =~ ^[0-9]+$ ]] && ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  fi
  # Below Linux's ephemeral range (32768+), so outgoing connections rarely hold the port.
  for _ in $(seq 1 200); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found between 20000 and 32000"
}

# Port of the server running on $CLUSTER, or nothing when none runs.
running_port() {
  local pidfile="$CLUSTER/postmaster.pid" pid port
  [[ -f "$pidfile" ]] || return 0
  pid="$(sed -n 1p "$pidfile")"
  port="$(sed -n 4p "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ && "$port" =~ ^[0-9]+$ ]] || return 0
  # A killed postmaster can linger as a zombie: kill -0 would still succeed on it.
  process_alive "$pid" || return 0
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]] || return 0
  echo "$port"
}

is_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -t 2
}

# True when the postmaster of $CLUSTER reports itself ready on port $1 (line 4 of postmaster.pid is
# the port, line 8 the status), so pg_isready below cannot be answered by another server.
cluster_ready_on() {
  local pidfile="$CLUSTER/postmaster.pid"
  [[ -f "$pidfile" && "$(sed -n 4p "$pidfile")" == "$1" ]] || return 1
  [[ "$(sed -n 8p "$pidfile" | tr -d ' ')" == ready ]]
}

process_alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z ]]
}

# Starts the server on $1. Returns 0 when it accepts connections, 2 when the port was taken,
# and exits with the log's tail on any other failure.
start_server() {
  local port="$1" pid deadline
  port_in_use "$port" && return 2
  local -a settings=(-c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB)
  if [[ "${LLMBROKER_PG_FAST:-0}" == 1 ]]; then
    settings+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
  fi
  log "starting PostgreSQL on 127.0.0.1:$port (data $CLUSTER, log $LOG)"
  local log_start
  log_start=$(( $(stat -c %s "$LOG" 2>/dev/null || echo 0) + 1 ))
  # setsid: the server outlives the caller's process group (a test run, a terminal), so the next
  # run reuses it. stdin/stdout/stderr are redirected, so callers reading our stdout see EOF, and
  # the lock (fd 9) is closed, so the server does not hold it for its lifetime.
  setsid bash -c 'cd / && exec "$@"' start-postgres \
    "${as_owner_cmd[@]}" "$PG_BIN/postgres" -D "$CLUSTER" -p "$port" -k "$CLUSTER" "${settings[@]}" \
    </dev/null >>"$LOG" 2>&1 9>&- &
  pid=$!
  deadline=$(( SECONDS + START_TIMEOUT ))
  while (( SECONDS < deadline )); do
    if ! process_alive "$pid"; then
      if tail -c "+$log_start" "$LOG" | grep -q 'could not bind\|Address already in use'; then
        return 2
      fi
      tail -n 30 "$LOG" >&2 || true
      die "PostgreSQL exited during start (log above, full log in $LOG)"
    fi
    if cluster_ready_on "$port" && is_ready "$port"; then
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$LOG" >&2 || true
  die "PostgreSQL did not accept connections within ${START_TIMEOUT}s (log in $LOG)"
}

main() {
  install_server
  ensure_server_user

  as_owner_cmd=()
  if is_root; then
    as_owner_cmd=(runuser -u postgres --)
    case "$DATA" in
      /root|/root/*) die "LLMBROKER_PG_DATA=$DATA is under /root, which the postgres user cannot reach; use a folder such as /tmp/llmbroker-pg-0" ;;
    esac
  fi

  mkdir -p "$DATA"
  if is_root; then
    chown postgres:postgres "$DATA"
  fi
  chmod 700 "$DATA"
  if is_root && ! runuser -u postgres -- test -w "$DATA"; then
    die "the postgres user cannot write to $DATA (check the permissions of its parent folders)"
  fi

  # Serialize concurrent starts (two test runs at once) on the same data folder.
  exec 9>>"$DATA/start.lock"
  flock -w "$START_TIMEOUT" 9 || die "timed out waiting for another start.sh on $DATA"

  local port
  port="$(running_port)"
  if [[ -n "$port" ]]; then
    if [[ -n "${LLMBROKER_PG_PORT:-}" && "$LLMBROKER_PG_PORT" != "$port" ]]; then
      log "warning: reusing the server already running on port $port (LLMBROKER_PG_PORT=$LLMBROKER_PG_PORT ignored; run stop.sh first to change it)"
    fi
    local deadline=$(( SECONDS + START_TIMEOUT ))
    until is_ready "$port"; do
      (( SECONDS < deadline )) || die "the server on port $port (data $CLUSTER) does not accept connections"
      sleep 0.1
    done
    log "reusing PostgreSQL on 127.0.0.1:$port"
  else
    if [[ ! -f "$CLUSTER/PG_VERSION" ]]; then
      log "initializing a new cluster in $CLUSTER"
      rm -rf "$CLUSTER"
      as_owner mkdir -m 700 "$CLUSTER"
      (cd / && as_owner "$PG_BIN/initdb" -D "$CLUSTER" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >>"$LOG" 2>&1) \
        || { tail -n 30 "$LOG" >&2; die "initdb failed (log in $LOG)"; }
    fi
    if [[ -f "$CLUSTER/postmaster.pid" ]]; then
      # No live postmaster owns it (running_port said so): a killed server, possibly still a zombie,
      # which PostgreSQL itself would mistake for a running one.
      log "removing the stale postmaster.pid of a server that is no longer running"
      rm -f "$CLUSTER/postmaster.pid" "$CLUSTER"/.s.PGSQL.*.lock
    fi
    local attempt rc
    for attempt in 1 2 3 4 5; do
      port="${LLMBROKER_PG_PORT:-$(pick_port)}"
      rc=0
      start_server "$port" || rc=$?
      (( rc == 0 )) && break
      [[ -n "${LLMBROKER_PG_PORT:-}" ]] && die "port $port is in use (LLMBROKER_PG_PORT)"
      log "port $port was taken, trying another (attempt $attempt)"
      (( attempt < 5 )) || die "could not find a free port"
    done
    echo "$port" >"$DATA/port"
    log "PostgreSQL is ready on 127.0.0.1:$port"
  fi

  if [[ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAq \
      -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]]; then
    log "creating database $DATABASE"
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE $DATABASE" >&2
  fi

  local connection_string="Host=127.0.0.1;Port=$port;Username=postgres;Database=$DATABASE"
  printf '%s\n' "$connection_string" >"$DATA/connection-string.tmp"
  mv -f "$DATA/connection-string.tmp" "$DATA/connection-string"
  log "psql: psql -h 127.0.0.1 -p $port -U postgres $DATABASE"
  printf 'LLMBROKER_PG=%s\n' "$connection_string"
}

main "$@"
