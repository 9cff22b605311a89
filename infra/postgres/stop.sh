#!/usr/bin/env bash
# Stops the local PostgreSQL started by start.sh (fast shutdown: open transactions are rolled back).
#
#   infra/postgres/stop.sh           stop the server, keep the data
#   infra/postgres/stop.sh --purge   stop the server and delete the data folder
#
# Environment: LLMBROKER_PG_DATA, LLMBROKER_PG_BIN and LLMBROKER_PG_START_TIMEOUT as in start.sh.
set -euo pipefail

readonly PG_BIN="${LLMBROKER_PG_BIN:-/usr/lib/postgresql/15/bin}"
DATA="$(realpath -m "${LLMBROKER_PG_DATA:-/tmp/llmbroker-pg-$(id -u)}")"
readonly DATA
readonly CLUSTER="$DATA/pgdata"
readonly TIMEOUT="${LLMBROKER_PG_START_TIMEOUT:-60}"

log() { printf 'postgres/stop.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) die "usage: stop.sh [--purge]" ;;
esac

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

if [[ -f "$CLUSTER/postmaster.pid" ]] && as_owner "$PG_BIN/pg_ctl" status -D "$CLUSTER" >/dev/null 2>&1; then
  log "stopping PostgreSQL (data $CLUSTER)"
  # pg_ctl -w waits, with a deadline, until the server has exited.
  as_owner "$PG_BIN/pg_ctl" stop -D "$CLUSTER" -m fast -w -t "$TIMEOUT" >&2 \
    || die "PostgreSQL did not stop within ${TIMEOUT}s"
else
  log "no server running on $CLUSTER"
fi

if (( purge )); then
  log "deleting $DATA"
  rm -rf "$DATA"
fi
