#!/usr/bin/env bash
# The push lobby's latency and memory (org.televisit.lobby.LobbyLatency): starts two Televisit
# instances, A and B, on one fresh PostgreSQL database, opens the doctor's console stream and
# 1,000 then 5,000 idle SSE streams on A, and measures knock → doctor and approve → agency with
# the requests sent to A and then to B; then heap per open stream on A, then 3-second polling.
#   benchmarks/lobby-latency.sh [idle counts, default 1000,5000]
# Needs a PostgreSQL server (BENCH_PG, default 127.0.0.1:5432, user postgres, trust or PGPASSWORD)
# where it may create the database televisit_bench. Sends traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
counts="${1:-1000,5000}"
pg="${BENCH_PG:-127.0.0.1:5432}"
secret="lobby-benchmark-hs256-secret-0123456789abcdef"
work="$(mktemp -d)"
trap 'kill ${apps:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

./mvnw -q -pl benchmarks -am package -DskipTests
psql -h "${pg%:*}" -p "${pg#*:}" -U postgres -qc 'DROP DATABASE IF EXISTS televisit_bench' -c 'CREATE DATABASE televisit_bench'

export TELEVISIT_DB_URL="r2dbc:postgresql://$pg/televisit_bench" TELEVISIT_DB_USER=postgres TELEVISIT_DEMO=false
export TELEVISIT_AUTH_HMAC_SECRET="$secret" TELEVISIT_ROOM_SECRET="lobby-benchmark-room-secret-0123456789abcdef"
# One doctor decides every request of the run; knocks come from a new agency each time.
export TELEVISIT_LOBBY_DECISIONS_PER_MINUTE=1000000
apps=""
start() { # name port
  SERVER_PORT=$2 MANAGEMENT_SERVER_PORT=$(($2 + 1)) java -Xmx512m -Duser.home="$work" \
    -jar meeting-service/target/meeting-service-exec.jar --logging.level.root=WARN > "$work/$1.log" 2>&1 &
  apps="$apps $!"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$(($2 + 1))/actuator/health" >/dev/null && return; sleep 1; done
  echo "instance $1 did not start:"; cat "$work/$1.log"; exit 1
}
start a 18080; pid_a="${apps# }"
start b 18090 # after A: A's Flyway has migrated the schema
echo "instances: A pid $pid_a, B; heap limit 512 MB each; $(nproc) cores; $(date -u +%F)"
java -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.televisit.lobby.LobbyLatency \
  http://127.0.0.1:18080 http://127.0.0.1:18090 "$pid_a" "$secret" "$counts"
