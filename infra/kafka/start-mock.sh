#!/usr/bin/env bash
# Starts the dev Kafka host (librdkafka's in-memory Kafka mock cluster with every pipeline topic)
# in the background, builds it first when its sources changed, and waits for it to listen.
#
# stdout: one line KAFKA_BOOTSTRAP_SERVERS=host:port[,host:port...]   (so: eval "$(start-mock.sh)")
# stderr: progress and errors. Exit 0 when the cluster is up (or was already running), 1 otherwise.
#
# Files (in $KAFKA_MOCK_DIR, default <repo>/.data/kafka):
#   bootstrap       the bootstrap servers, written atomically once the cluster is up
#   kafka-host.pid  the host's process id (stop it with stop-mock.sh)
#   kafka-host.log  the host's stdout and stderr
#
# Environment:
#   KAFKA_MOCK_DIR            state folder (default <repo>/.data/kafka)
#   KAFKA_MOCK_BROKERS        number of brokers (default 1)
#   KAFKA_MOCK_START_TIMEOUT  seconds to wait for the cluster after the build (default 30)
#   KAFKA_MOCK_NO_BUILD=1     never build; use the existing output
#   CONFIGURATION             build configuration (default Debug)
#   DOTNET                    dotnet executable (default dotnet)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state_dir=${KAFKA_MOCK_DIR:-$repo/.data/kafka}
brokers=${KAFKA_MOCK_BROKERS:-1}
timeout=${KAFKA_MOCK_START_TIMEOUT:-30}
configuration=${CONFIGURATION:-Debug}
dotnet=${DOTNET:-dotnet}

project=$repo/infra/kafka-host/LlmBroker.KafkaHost.csproj
dll=$repo/infra/kafka-host/bin/$configuration/net10.0/LlmBroker.KafkaHost.dll
bootstrap_file=$state_dir/bootstrap
pid_file=$state_dir/kafka-host.pid
log_file=$state_dir/kafka-host.log

log() { echo "start-mock: $*" >&2; }

is_our_host() { # pid
  [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'LlmBroker.KafkaHost'
}

mkdir -p "$state_dir"

if [[ -f $pid_file ]]; then
  pid=$(<"$pid_file")
  if [[ $pid =~ ^[0-9]+$ ]] && is_our_host "$pid" && [[ -s $bootstrap_file ]]; then
    log "already running (pid $pid)"
    echo "KAFKA_BOOTSTRAP_SERVERS=$(<"$bootstrap_file")"
    exit 0
  fi
  log "removing stale pid file"
  rm -f "$pid_file"
fi

needs_build() {
  [[ -f $dll ]] || return 0
  # Any source of the host or of the projects it is built from that is newer than the output.
  local newer
  newer=$(find "$repo/infra/kafka-host" "$repo/services/LlmBroker.DevKafka" "$repo/services/LlmBroker.Messaging" \
               "$repo/contracts" "$repo/infra/kafka/topics.json" "$repo/Directory.Build.props" "$repo/Directory.Packages.props" \
               \( -name bin -o -name obj \) -prune -o -type f -newer "$dll" -print -quit 2>/dev/null)
  [[ -n $newer ]]
}

if [[ ${KAFKA_MOCK_NO_BUILD:-0} != 1 ]] && needs_build; then
  log "building $project ($configuration)"
  "$dotnet" build "$project" -c "$configuration" -nologo -v quiet >&2
fi
if [[ ! -f $dll ]]; then
  log "$dll not found (build it, or unset KAFKA_MOCK_NO_BUILD)"
  exit 1
fi

rm -f "$bootstrap_file"
nohup "$dotnet" "$dll" --brokers "$brokers" --bootstrap-file "$bootstrap_file" </dev/null >"$log_file" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

deadline=$((SECONDS + timeout))
until [[ -s $bootstrap_file ]]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    log "kafka host exited during start-up; its log:"
    cat "$log_file" >&2 || true
    rm -f "$pid_file"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    log "no bootstrap file after ${timeout}s; stopping pid $pid; its log:"
    cat "$log_file" >&2 || true
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    exit 1
  fi
  sleep 0.1 # poll interval, not a wait for an effect
done

log "running (pid $pid, $brokers broker(s), log $log_file)"
echo "KAFKA_BOOTSTRAP_SERVERS=$(<"$bootstrap_file")"
