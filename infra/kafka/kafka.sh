#!/usr/bin/env bash
# Apache Kafka (KRaft, one combined broker+controller) for Chairside without Docker.
#   infra/kafka/kafka.sh fetch | start | stop | kill | restart | status | wait | reset
# Jars come from Maven Central via infra/kafka/pom.xml and are cached outside the work tree.
# Environment (defaults in brackets):
#   KAFKA_HOME_DIR   where jars, config and data live      [~/.cache/chairside/kafka]
#   KAFKA_PORT       client listener on 127.0.0.1           [9092]
#   KAFKA_CONTROLLER_PORT  KRaft controller listener        [9093]
#   KAFKA_HEAP_OPTS  JVM heap                               [-Xms256m -Xmx768m]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
home="${KAFKA_HOME_DIR:-$HOME/.cache/chairside/kafka}"
libs="$home/libs-$version"
data="$home/data-$version"
logs="$home/logs"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
pidfile="$home/broker.pid"
props="$home/server-$port.properties"

log() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  log "fetching Apache Kafka $version from Maven Central into $libs"
  mkdir -p "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime -Dmdep.overWriteReleases=false >&2
  touch "$libs/.complete"
}

write_props() {
  mkdir -p "$data" "$logs"
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
# Topics are created by code with explicit partitions and retention (libs/messaging topology).
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A single test broker: rebalance quickly when the first member joins.
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=104857600
PROPS
}

java_cmd() {
  local main="$1"; shift
  # shellcheck disable=SC2086
  exec_java=(java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$logs"
    -cp "$libs/*" "$main" "$@")
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() {
  # A TCP connect is not enough (the port opens before the broker has a controller); ask for metadata.
  node "$here/probe.mjs" "127.0.0.1:$port" >/dev/null 2>&1
}

wait_ready() {
  local timeout="${1:-90}" start=$SECONDS
  until answers; do
    if ! running; then log "broker exited during start-up; last log lines:"; tail -n 30 "$logs/server.log" >&2 || true; return 1; fi
    if (( SECONDS - start > timeout )); then log "broker did not answer within ${timeout}s"; return 1; fi
    sleep 0.5
  done
  log "broker $version answers on 127.0.0.1:$port"
}

start() {
  fetch
  if running; then log "already running (pid $(cat "$pidfile"))"; wait_ready; return; fi
  write_props
  if [ ! -f "$data/meta.properties" ]; then
    log "formatting KRaft storage in $data"
    if [ ! -s "$home/cluster-id" ]; then
      java_cmd kafka.tools.StorageTool random-uuid
      "${exec_java[@]}" 2>/dev/null | tail -n 1 > "$home/cluster-id"
    fi
    java_cmd kafka.tools.StorageTool format --standalone -t "$(cat "$home/cluster-id")" -c "$props"
    "${exec_java[@]}" >/dev/null 2>"$logs/format.err" || { cat "$logs/format.err" >&2; return 1; }
  fi
  java_cmd kafka.Kafka "$props"
  nohup "${exec_java[@]}" >"$logs/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  log "started pid $(cat "$pidfile")"
  wait_ready "${KAFKA_START_TIMEOUT:-90}"
}

stop() {
  if ! running; then rm -f "$pidfile"; log "not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then log "did not stop in 30s, killing"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  kill) if running; then kill -KILL "$(cat "$pidfile")"; log "killed"; fi; rm -f "$pidfile" ;;
  restart) stop; start ;;
  status) if running && answers; then log "running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else log "not running"; exit 1; fi ;;
  wait) wait_ready "${2:-90}" ;;
  reset) stop; rm -rf "$data"; log "data removed" ;;
  *) echo "usage: $0 fetch|start|stop|kill|restart|status|wait|reset" >&2; exit 2 ;;
esac
