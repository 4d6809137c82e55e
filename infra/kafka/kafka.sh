#!/usr/bin/env bash
# Apache Kafka (KRaft, one combined broker+controller) for Chairside without Docker.
#   infra/kafka/kafka.sh fetch | start | stop | kill | restart | status | wait | reset
#   infra/kafka/kafka.sh start-secure | stop-secure
# Jars come from Maven Central via infra/kafka/pom.xml and are cached outside the work tree.
# Environment (defaults in brackets):
#   KAFKA_HOME_DIR   where jars, config and data live      [~/.cache/chairside/kafka]
#   KAFKA_LIBS_DIR   the jars (a second broker with its own KAFKA_HOME_DIR can share the first's,
#                    e.g. ~/.cache/chairside/kafka/libs-<version>, and fetch nothing)  [$KAFKA_HOME_DIR/libs-<version>]
#   KAFKA_STATE_DIR  where this broker's config, data, logs and pid file live (a second broker
#                    beside the shared one: give it its own KAFKA_PORT and KAFKA_CONTROLLER_PORT;
#                    the jars stay in KAFKA_HOME_DIR)                    [$KAFKA_HOME_DIR]
#   KAFKA_PORT       client listener on 127.0.0.1           [9092]
#   KAFKA_CONTROLLER_PORT  KRaft controller listener        [9093]
#   KAFKA_HEAP_OPTS  JVM heap                               [-Xms256m -Xmx768m]
#
# start-secure runs a second, throw-away broker the way a production cluster is run: one SASL_SSL
# listener (SCRAM-SHA-512 over TLS) and KRaft's StandardAuthorizer, where nothing is allowed
# unless an ACL says so. Fresh data, a fresh self-signed certificate and fresh random passwords on
# every start, one SCRAM user per service (chairside-<service>, chairside-console, chairside-analytics) plus an admin;
# then infra/kafka/acls.mjs (needs `npm run build`) creates the topics and each service's ACLs.
# What a client needs is written to $KAFKA_HOME_DIR/secure-<port>/: ca.pem and client.env
# (KAFKA_SASL_PASSWORD_<PRINCIPAL>=…, mode 600). The plain broker above is not touched.
#   KAFKA_SECURE_PORT             SASL_SSL listener on 127.0.0.1   [9094]
#   KAFKA_SECURE_CONTROLLER_PORT  its KRaft controller listener    [9095]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
home="${KAFKA_HOME_DIR:-$HOME/.cache/chairside/kafka}"
libs="${KAFKA_LIBS_DIR:-$home/libs-$version}"
state="${KAFKA_STATE_DIR:-$home}"
data="$state/data-$version"
logs="$state/logs"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
pidfile="$state/broker.pid"
props="$state/server-$port.properties"

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
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="${java_logs_dir:-$logs}"
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
    if (( SECONDS - start > timeout )); then
      log "broker did not answer within ${timeout}s; last log lines:"; tail -n 40 "$logs/server.log" >&2 || true; return 1
    fi
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
    if [ ! -s "$state/cluster-id" ]; then
      java_cmd kafka.tools.StorageTool random-uuid
      "${exec_java[@]}" 2>/dev/null | tail -n 1 > "$state/cluster-id"
    fi
    java_cmd kafka.tools.StorageTool format --standalone -t "$(cat "$state/cluster-id")" -c "$props"
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

secure_port="${KAFKA_SECURE_PORT:-9094}"
secure_cport="${KAFKA_SECURE_CONTROLLER_PORT:-9095}"
secure_dir="$home/secure-$secure_port"
secure_pidfile="$secure_dir/broker.pid"
# The principals the secure broker knows: one per service that talks to Kafka, and the operator.
secure_users=(admin chairside-scheduling chairside-sessions chairside-notifications chairside-reporting chairside-console chairside-analytics)

secure_running() { [ -f "$secure_pidfile" ] && kill -0 "$(cat "$secure_pidfile")" 2>/dev/null; }

env_name() { printf 'KAFKA_SASL_PASSWORD_%s' "$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"; }

write_secure_props() {
  local keystore_password="$1" admin_password="$2"
  cat > "$secure_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$secure_cport
# Clients and the broker itself (inter-broker) meet on the one SASL_SSL listener; the controller
# listener is loopback-only and plaintext, its peer (this same process) is ANONYMOUS.
listeners=SECURE://127.0.0.1:$secure_port,CONTROLLER://127.0.0.1:$secure_cport
advertised.listeners=SECURE://127.0.0.1:$secure_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=SECURE
listener.security.protocol.map=SECURE:SASL_SSL,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.secure.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
ssl.keystore.type=PKCS12
ssl.keystore.location=$secure_dir/broker.p12
ssl.keystore.password=$keystore_password
ssl.key.password=$keystore_password
# The broker is its own client (inter-broker listener): it trusts its own certificate.
ssl.truststore.type=PEM
ssl.truststore.location=$secure_dir/ca.pem
ssl.client.auth=none
# Deny by default: a principal may do only what an ACL (infra/kafka/acls.mjs) grants it.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:ANONYMOUS
log.dirs=$secure_dir/data
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}

start_secure() {
  fetch
  if secure_running; then log "secure broker already running (pid $(cat "$secure_pidfile"))"; return 0; fi
  rm -rf "$secure_dir"
  mkdir -p "$secure_dir/data" "$logs"
  chmod 700 "$secure_dir"
  local keystore_password admin_password
  keystore_password="$(openssl rand -hex 24)"
  # A certificate for 127.0.0.1 that is its own CA: clients trust exactly it (KAFKA_SSL_CA_FILE=ca.pem).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=chairside-local-kafka" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$secure_dir/broker-key.pem" -out "$secure_dir/ca.pem" 2>/dev/null
  openssl pkcs12 -export -in "$secure_dir/ca.pem" -inkey "$secure_dir/broker-key.pem" -name broker \
    -out "$secure_dir/broker.p12" -passout "pass:$keystore_password"
  rm -f "$secure_dir/broker-key.pem"
  local scram=() user password
  : > "$secure_dir/client.env"
  chmod 600 "$secure_dir/client.env"
  for user in "${secure_users[@]}"; do
    password="$(openssl rand -hex 24)"
    [ "$user" = admin ] && admin_password="$password"
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$password]")
    printf '%s=%s\n' "$(env_name "$user")" "$password" >> "$secure_dir/client.env"
  done
  printf 'KAFKA_SECURE_BROKERS=127.0.0.1:%s\nKAFKA_SSL_CA_FILE=%s\n' "$secure_port" "$secure_dir/ca.pem" >> "$secure_dir/client.env"
  write_secure_props "$keystore_password" "$admin_password"
  # The SCRAM credentials go into the metadata log at format time: the broker knows its users
  # before its first client connects (there is no unauthenticated way in to create them later).
  java_cmd kafka.tools.StorageTool format --standalone -t "$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)" \
    -c "$secure_dir/server.properties" "${scram[@]}"
  "${exec_java[@]}" >/dev/null 2>"$secure_dir/format.err" || { cat "$secure_dir/format.err" >&2; return 1; }
  java_logs_dir="$secure_dir" java_cmd kafka.Kafka "$secure_dir/server.properties"
  nohup "${exec_java[@]}" >"$secure_dir/stdout.log" 2>&1 &
  echo $! > "$secure_pidfile"
  log "secure broker started pid $(cat "$secure_pidfile")"
  local start=$SECONDS
  # Ready when the admin can authenticate over TLS and the ACLs and topics are in place.
  until node "$here/acls.mjs" "$secure_dir/client.env" >"$secure_dir/acls.log" 2>&1; do
    if ! secure_running; then log "secure broker exited during start-up:"; tail -n 30 "$secure_dir/stdout.log" >&2 || true; return 1; fi
    if (( SECONDS - start > ${KAFKA_START_TIMEOUT:-90} )); then log "secure broker not ready:"; tail -n 20 "$secure_dir/acls.log" >&2; return 1; fi
    sleep 0.5
  done
  log "secure broker $version answers on 127.0.0.1:$secure_port (SASL_SSL, SCRAM-SHA-512, ACLs); credentials in $secure_dir/client.env"
}

stop_secure() {
  if secure_running; then
    local pid; pid="$(cat "$secure_pidfile")"
    kill -TERM "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
    log "secure broker stopped"
  fi
  # Its data, certificate and passwords are for one run only.
  rm -rf "$secure_dir"
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
  start-secure) start_secure ;;
  stop-secure) stop_secure ;;
  *) echo "usage: $0 fetch|start|stop|kill|restart|status|wait|reset|start-secure|stop-secure" >&2; exit 2 ;;
esac
