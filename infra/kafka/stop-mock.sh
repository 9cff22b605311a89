#!/usr/bin/env bash
# Stops the dev Kafka host started by start-mock.sh: SIGTERM, wait for it to exit (deadline),
# SIGKILL only if it does not. Exit 0 when it is stopped or was not running.
#
# Environment: KAFKA_MOCK_DIR (default <repo>/.data/kafka), KAFKA_MOCK_STOP_TIMEOUT (seconds, default 10).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state_dir=${KAFKA_MOCK_DIR:-$repo/.data/kafka}
timeout=${KAFKA_MOCK_STOP_TIMEOUT:-10}
pid_file=$state_dir/kafka-host.pid
bootstrap_file=$state_dir/bootstrap

log() { echo "stop-mock: $*" >&2; }

alive() { # pid; a zombie (exited, not yet reaped by its new parent) counts as gone
  kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

if [[ ! -f $pid_file ]]; then
  log "not running (no $pid_file)"
  rm -f "$bootstrap_file"
  exit 0
fi

pid=$(<"$pid_file")
# Only signal the process if it is still our host: the pid may have been reused since.
if [[ ! $pid =~ ^[0-9]+$ ]] || [[ ! -r /proc/$pid/cmdline ]] || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'LlmBroker.KafkaHost'; then
  log "not running (stale pid file)"
  rm -f "$pid_file" "$bootstrap_file"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + timeout))
while alive "$pid"; do
  if ((SECONDS >= deadline)); then
    log "pid $pid still running after ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.1 # poll interval
done

rm -f "$pid_file" "$bootstrap_file"
log "stopped (pid $pid)"
