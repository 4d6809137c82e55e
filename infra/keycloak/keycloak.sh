#!/usr/bin/env bash
# Keycloak (a pinned server distribution from Maven Central) for the interoperability test.
#   infra/keycloak/keycloak.sh fetch | start | stop | status
# The zip comes with `mvn dependency:get` (like the Kafka broker's jars) and is unpacked outside the
# work tree. `start` runs it in dev mode on 127.0.0.1 only, importing the realms in this folder
# (chairside: roles, a `locations` user attribute and an organisation claim in tokens; elsewhere: a
# second realm whose tokens the services must refuse). Every start begins from the realm files.
# Environment (defaults in brackets):
#   KEYCLOAK_HOME_DIR  where the server lives        [~/.cache/chairside/keycloak]
#   KEYCLOAK_PORT      HTTP port on 127.0.0.1        [8180]
#   KEYCLOAK_HEAP      JVM heap                      [-Xms128m -Xmx512m]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="26.5.6"
home="${KEYCLOAK_HOME_DIR:-$HOME/.cache/chairside/keycloak}"
server="$home/keycloak-$version"
port="${KEYCLOAK_PORT:-8180}"
pidfile="$home/keycloak-$port.pid"
logfile="$home/keycloak-$port.log"

log() { printf '[keycloak] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$server/.complete" ]; then return 0; fi
  local zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip"
  if [ ! -f "$zip" ]; then
    log "fetching org.keycloak:keycloak-quarkus-dist:$version:zip from Maven Central (about 160 MB)"
    mvn -q -B dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -Dtransitive=false >&2
  fi
  mkdir -p "$home"
  rm -rf "$server"
  if command -v unzip >/dev/null; then
    (cd "$home" && unzip -q "$zip")
  elif command -v python3 >/dev/null; then
    # No unzip: Python's standard library extracts it (and, like any fallback, drops the executable bits).
    (cd "$home" && python3 -m zipfile -e "$zip" .)
    find "$server" -name '*.sh' -exec chmod +x {} +
  else
    log "cannot extract $zip: install unzip (or python3)"
    return 1
  fi
  touch "$server/.complete"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# Node (already required by the project) probes readiness, so curl is not a prerequisite.
answers() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/realms/chairside/.well-known/openid-configuration"
}

start() {
  if running && answers; then log "already running on 127.0.0.1:$port"; return 0; fi
  fetch
  # The realm files are the truth: drop the dev database so they are imported afresh.
  rm -rf "$server/data/h2" "$server/data/import"
  mkdir -p "$server/data/import"
  cp "$here"/*-realm.json "$server/data/import/"
  log "starting on 127.0.0.1:$port (dev mode; log $logfile)"
  KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  JAVA_OPTS_KC_HEAP="${KEYCLOAK_HEAP:--Xms128m -Xmx512m}" \
    nohup "$server/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --import-realm \
    >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  local started=$SECONDS
  until answers; do
    if ! running; then log "exited during start-up:"; tail -n 40 "$logfile" >&2; return 1; fi
    if (( SECONDS - started > 240 )); then log "not ready after 240 s"; tail -n 40 "$logfile" >&2; return 1; fi
    sleep 1
  done
  log "ready in $((SECONDS - started)) s; resident memory $(ps -o rss= -p "$(pgrep -P "$(cat "$pidfile")" java || cat "$pidfile")" | awk '{printf "%d MB", $1/1024}')"
}

stop() {
  if ! running; then rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) running && answers ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
