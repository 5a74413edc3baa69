#!/usr/bin/env bash
# Load on the join endpoint as a whole (user-token check, policy, Postgres read, Jitsi token,
# audit write): starts the service in demo mode on its own embedded PostgreSQL, signs in the
# seeded patient, and drives POST /join on the appointment whose window is open with wrk.
#   benchmarks/join-load.sh [self-hosted|jaas] [connections] [seconds]
# Needs wrk (Debian: apt-get install wrk) and openssl. Sends traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
provider="${1:-self-hosted}"; connections="${2:-64}"; seconds="${3:-30}"
port=18080
work="$(mktemp -d)"
trap 'kill "${app:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

[ -f meeting-service/target/meeting-service-exec.jar ] || ./mvnw -q -pl meeting-service -am package -DskipTests

export TELEVISIT_JITSI_PROVIDER="$provider"
if [ "$provider" = jaas ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jaas.pem" 2>/dev/null
  export TELEVISIT_JAAS_TENANT=vpaas-magic-cookie-0123456789abcdef0123456789abcdef TELEVISIT_JAAS_KEY_ID=bench
  export TELEVISIT_JAAS_PRIVATE_KEY="$work/jaas.pem"
else
  export TELEVISIT_JITSI_DOMAIN=meet.clinic.example TELEVISIT_JITSI_APP_ID=televisit
  export TELEVISIT_JITSI_APP_SECRET=a-benchmark-app-secret-of-enough-length-0123
fi
SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$((port + 1)) java -Duser.home="$work" \
  -jar meeting-service/target/meeting-service-exec.jar --logging.level.root=WARN > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/demo/users" >/dev/null && break; sleep 1; done
sleep 2 # the demo seeder runs right after start-up

login() { curl -sf "http://127.0.0.1:$port/demo/login" -H 'Content-Type: application/json' -d "{\"user\":\"$1\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
export JOIN_TOKEN="$(login pat-bob)"
export JOIN_APPOINTMENT="$(curl -sf "http://127.0.0.1:$port/api/appointments?size=1" -H "Authorization: Bearer $JOIN_TOKEN" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
# The patient enters once the doctor has started (TELEVISIT_JOIN_WAIT_FOR_DOCTOR, on by default).
curl -sf -XPOST "http://127.0.0.1:$port/api/appointments/$JOIN_APPOINTMENT/meeting/start" \
  -H "Authorization: Bearer $(login dr-alice)" >/dev/null
curl -sf -XPOST "http://127.0.0.1:$port/api/appointments/$JOIN_APPOINTMENT/join" -H "Authorization: Bearer $JOIN_TOKEN" >/dev/null

echo "warm-up (10 s), then $seconds s at $connections connections, provider $provider"
wrk -t2 -c"$connections" -d10s -s benchmarks/join.lua "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s benchmarks/join.lua "http://127.0.0.1:$port" | tail -1
