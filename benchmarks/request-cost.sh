#!/usr/bin/env bash
# What one request costs in Televisit, side by side with the floor (benchmarks/floor: the same
# Spring Boot, Netty and R2DBC with nothing of Televisit's) and, where installed, nginx serving
# the same static file, all from one run on one fresh database. Prints req/s, p50 and p99 at
# the given connections for each route, and each Televisit route's req/s as a ratio to the
# floor's comparable route. Absolute figures drift ~3x between hours on a shared machine;
# compare ratios, or two builds in the same run:
#   benchmarks/request-cost.sh [seconds=10] [connections=64]
#   COST_BEFORE_JAR=/tmp/old-meeting-service-exec.jar benchmarks/request-cost.sh   # before/after
#   COST_ROUTES='join-hs256 get' benchmarks/request-cost.sh                        # some routes
#   COST_PROFILE=cpu benchmarks/request-cost.sh     # or alloc: flame graphs of each measured period
# COST_PROFILE attaches async-profiler (tools.profiler:async-profiler from Maven Central) to the
# measured build for each route's measured period only, and writes a flame graph (.html) and
# collapsed stacks (.txt) per route to COST_PROFILE_DIR (default benchmarks/target/profiles).
# Needs wrk, curl, python3, openssl and psql reaching a PostgreSQL whose user may create
# databases (COST_PG, libpq style; default host=127.0.0.1 port=5432 user=postgres). Sends
# traffic to 127.0.0.1 only; every load phase is bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; connections="${2:-64}"; warmup="${COST_WARMUP:-15}"; prelim="${COST_FIRST_PASS:-15}"
pg="${COST_PG:-host=127.0.0.1 port=5432 user=postgres}"
routes="${COST_ROUTES:-static 401 get join-hs256 join-rs256 events events-appointment}"
after_jar="${COST_JAR:-meeting-service/target/meeting-service-exec.jar}"
before_jar="${COST_BEFORE_JAR:-}"
floor_jar=benchmarks/floor/target/benchmark-floor.jar
work="$(mktemp -d)"
database="televisit_cost_$(date +%s)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$pg dbname=postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk curl python3 openssl psql; do
  command -v "$tool" >/dev/null || { echo "request-cost.sh needs $tool" >&2; exit 1; }
done
[ -f "$after_jar" ] && [ -f "$floor_jar" ] && [ -f benchmarks/target/classpath.txt ] \
  || ./mvnw -q -pl meeting-service,benchmarks,benchmarks/floor -am package -DskipTests
psql "$pg dbname=postgres" -qc "CREATE DATABASE $database" >/dev/null
r2dbc_url="r2dbc:postgresql://$(python3 -c '
import sys; kv = dict(p.split("=", 1) for p in sys.argv[1].split())
print(kv.get("host", "127.0.0.1") + ":" + kv.get("port", "5432"))' "$pg")/$database"
db_user="$(python3 -c 'import sys; print(dict(p.split("=", 1) for p in sys.argv[1].split()).get("user", "postgres"))' "$pg")"

# start NAME JAR PORT PROVIDER: one Televisit instance in demo mode on the shared database.
start() {
  local name="$1" jar="$2" port="$3" provider="$4"
  (
    export TELEVISIT_DB_URL="$r2dbc_url" TELEVISIT_DB_USER="$db_user" TELEVISIT_DEMO=true TELEVISIT_LOG_FORMAT=plain
    export TELEVISIT_JITSI_PROVIDER="$provider"
    if [ "$provider" = jaas ]; then
      export TELEVISIT_JAAS_TENANT=vpaas-magic-cookie-0123456789abcdef0123456789abcdef TELEVISIT_JAAS_KEY_ID=bench
      export TELEVISIT_JAAS_PRIVATE_KEY="$work/jaas.pem"
    else
      export TELEVISIT_JITSI_DOMAIN=meet.clinic.example TELEVISIT_JITSI_APP_ID=televisit
      export TELEVISIT_JITSI_APP_SECRET=a-benchmark-app-secret-of-enough-length-0123
    fi
    # shellcheck disable=SC2086 # COST_JAVA_OPTS is a list of options
    SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$((port + 1)) exec java ${COST_JAVA_OPTS:-} -Duser.home="$work" \
      -jar "$jar" --logging.level.root=WARN > "$work/$name.log" 2>&1
  ) &
  pids+=($!); echo $! > "$work/$name.pid"
}
await() { # await NAME URL
  for _ in $(seq 1 180); do curl -sf -o /dev/null "$2" && return 0; sleep 1; done
  echo "$1 did not start; its log:" >&2; tail -20 "$work/$1.log" >&2; exit 1
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jaas.pem" 2>/dev/null
# The first instance migrates and seeds the database; the others start once it has.
start after "$after_jar" 18180 self-hosted
await after http://127.0.0.1:18180/demo/users
sleep 2
[[ " $routes " == *" join-rs256 "* ]] && start after-jaas "$after_jar" 18182 jaas
if [ -n "$before_jar" ]; then
  start before "$before_jar" 18280 self-hosted
  [[ " $routes " == *" join-rs256 "* ]] && start before-jaas "$before_jar" 18282 jaas
fi
( SERVER_PORT=18090 FLOOR_DB_URL="$r2dbc_url" FLOOR_DB_USER="$db_user" exec java -jar "$floor_jar" > "$work/floor.log" 2>&1 ) &
pids+=($!)
nginx_port=""
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  mkdir -p "$work/nginx/root" "$work/nginx/logs"
  chmod a+rx "$work" "$work/nginx" "$work/nginx/root" # nginx's worker runs as nobody when started by root
  cp web-client/src/main/resources/META-INF/resources/televisit.css "$work/nginx/root/"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off; client_body_temp_path $work/nginx/t1; proxy_temp_path $work/nginx/t2;
  fastcgi_temp_path $work/nginx/t3; uwsgi_temp_path $work/nginx/t4; scgi_temp_path $work/nginx/t5;
  server { listen 127.0.0.1:18070; root $work/nginx/root; }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>/dev/null &
  pids+=($!); nginx_port=18070
fi
await floor http://127.0.0.1:18090/floor/hello
for name in after after-jaas before before-jaas; do
  port=$(case $name in after) echo 18180;; after-jaas) echo 18182;; before) echo 18280;; before-jaas) echo 18282;; esac)
  [ -f "$work/$name.log" ] && await "$name" "http://127.0.0.1:$port/demo/users"
done

# Each demo instance signs its own user tokens: the patient signs in on each.
login() { curl -sf "http://127.0.0.1:$1/demo/login" -H 'Content-Type: application/json' -d "{\"user\":\"${2:-pat-bob}\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
token() { case $1 in 18180) echo "$token_after";; 18182) echo "$token_after_jaas";; 18280) echo "$token_before";; 18282) echo "$token_before_jaas";; esac; }
token_after="$(login 18180)"
if [ -f "$work/after-jaas.log" ]; then token_after_jaas="$(login 18182)"; fi
if [ -f "$work/before.log" ]; then token_before="$(login 18280)"; fi
if [ -f "$work/before-jaas.log" ]; then token_before_jaas="$(login 18282)"; fi
appointment="$(curl -sf "http://127.0.0.1:18180/api/appointments?size=1" -H "Authorization: Bearer $token_after" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
# The patient may enter only once the doctor has started the meeting (TELEVISIT_JOIN_WAIT_FOR_DOCTOR,
# on by default): the doctor starts it, so join measures an admission, not a refusal. (A build
# before the waiting room admits the patient either way; the instances share the database.)
curl -sf -XPOST "http://127.0.0.1:18180/api/appointments/$appointment/meeting/start" \
  -H "Authorization: Bearer $(login 18180 dr-alice)" >/dev/null
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
profile="${COST_PROFILE:-}"; profiles="${COST_PROFILE_DIR:-benchmarks/target/profiles}"
if [ -n "$profile" ]; then
  ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:4.2
  unzip -q -o -d "$work/profiler" "$HOME/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar" 'linux-x64/*'
  mkdir -p "$profiles"
fi
# The measured build's JVM behind a URL, if it is one (only "after" is profiled).
profiled_pid() { case $1 in *:18180/*) cat "$work/after.pid";; *:18182/*) cat "$work/after-jaas.pid";; esac; }
# profiler PID start|stop NAME: async-profiler attached through the JVM's attach API (jcmd; the
# options are quoted, or jcmd would read "event=cpu" as an option of its own).
profiler() {
  local event; event=$([ "$profile" = alloc ] && echo "event=alloc" || echo "event=cpu,interval=1ms")
  if [ "$2" = start ]; then
    jcmd "$1" JVMTI.agent_load "$work/profiler/linux-x64/libasyncProfiler.so" "\"start,$event\"" >/dev/null
  else
    jcmd "$1" JVMTI.agent_load "$work/profiler/linux-x64/libasyncProfiler.so" "\"dump,file=$profiles/$3-$profile.txt,collapsed\"" >/dev/null
    jcmd "$1" JVMTI.agent_load "$work/profiler/linux-x64/libasyncProfiler.so" "\"stop,file=$profiles/$3-$profile.html\"" >/dev/null
  fi
}

# drive SECONDS [wrk options]: wrk on the current request shape (COST_METHOD, COST_PATH, COST_TOKEN).
drive() {
  local duration="$1"; shift
  wrk -t2 -c"$connections" -d"${duration}s" "$@" -s benchmarks/request-cost.lua "$base"
}
# measure LABEL METHOD URL [TOKEN]: warm-up, then the measured period; prints one row.
measure() {
  local label="$1" url="$3" bearer="${4:-}" line pid=""
  local base="${url%%/[a-z]*}"
  export COST_METHOD="$2" COST_PATH="/${url#http://*/}" COST_TOKEN="$bearer"
  if [ "$passing" = warm ]; then
    if [ "$COST_METHOD" = STREAM ]; then
      java -cp "$classpath" org.televisit.cost.StreamOpening "$url" "$connections" "$prelim" 0 $bearer >/dev/null
    else
      drive "$prelim" >/dev/null
    fi
    return 0
  fi
  [ -n "$profile" ] && pid="$(profiled_pid "$url")"
  if [ "$COST_METHOD" = STREAM ]; then
    [ -n "$pid" ] && profiler "$pid" start # (this profile includes the warm-up, run in the generator's JVM)
    line="$(java -cp "$classpath" org.televisit.cost.StreamOpening "$url" "$connections" "$warmup" "$seconds" $bearer)"
  else
    drive "$warmup" >/dev/null
    [ -n "$pid" ] && profiler "$pid" start
    line="$(drive "$seconds" --latency | tail -1)"
  fi
  [ -n "$pid" ] && profiler "$pid" stop "$(echo "${label#after }" | tr -c 'a-zA-Z0-9\n' '-' | tr -s '-' | sed 's/-$//')"
  printf '%-44s %s\n' "$label" "$line"
  printf '%s\t%s\n' "$label" "$line" >> "$work/results"
}
rate() { awk -F'\t' -v l="$1" '$1 == l { split($2, f, " "); print f[2] }' "$work/results" | head -1; }
ratio() { # ratio LABEL FLOOR_LABEL
  local a b; a="$(rate "$1")"; b="$(rate "$2")"
  [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" -v l="$1" -v f="$2" \
    'BEGIN { printf "  %-42s %5.1f%% of %s (floor cost x%.1f)\n", l, 100 * a / b, f, b / a }'
}
builds() { echo after 18180; [ -n "$before_jar" ] && echo before 18280; true; }

echo "request cost: $(date -u +%FT%TZ), $(nproc) cores, $(uname -r), wrk -t2 -c$connections, a ${prelim}s first pass per route, then ${warmup}s warm-up + ${seconds}s measured"
echo "televisit: $after_jar${before_jar:+ (after) vs $before_jar (before)}"
# Every route runs twice: a first pass that only warms the JIT (on two cores C2 needs minutes to
# compile a Spring/Reactor request path; a cold JVM measures its compiler, not its code), then
# the measured pass, each route again after a warm-up of its own.
routes_pass() {
  measure "floor GET /floor/hello (JSON)" GET http://127.0.0.1:18090/floor/hello
  measure "floor GET /floor/appointments/{id} (1 row)" GET "http://127.0.0.1:18090/floor/appointments/$appointment"
  for route in $routes; do
    case $route in
      static)
        [ -n "$nginx_port" ] && measure "nginx GET /televisit.css" GET "http://127.0.0.1:$nginx_port/televisit.css"
        while read -r build port; do measure "$build GET /televisit.css" GET "http://127.0.0.1:$port/televisit.css"; done < <(builds) ;;
      401)
        while read -r build port; do measure "$build GET /api/appointments/{id} 401" GET "http://127.0.0.1:$port/api/appointments/$appointment"; done < <(builds) ;;
      get)
        while read -r build port; do measure "$build GET /api/appointments/{id}" GET "http://127.0.0.1:$port/api/appointments/$appointment" "$(token $port)"; done < <(builds) ;;
      join-hs256)
        while read -r build port; do measure "$build POST join (HS256)" POST "http://127.0.0.1:$port/api/appointments/$appointment/join" "$(token $port)"; done < <(builds) ;;
      join-rs256)
        while read -r build port; do measure "$build POST join (RS256)" POST "http://127.0.0.1:$((port + 2))/api/appointments/$appointment/join" "$(token $((port + 2)))"; done < <(builds) ;;
      events)
        measure "floor GET /floor/events (SSE open)" STREAM http://127.0.0.1:18090/floor/events
        while read -r build port; do measure "$build GET /api/me/events (SSE open)" STREAM "http://127.0.0.1:$port/api/me/events" "$(token $port)"; done < <(builds) ;;
      events-appointment) # the patient's appointment page: its stream is its presence in the waiting room (a lease row)
        while read -r build port; do measure "$build GET /api/appointments/{id}/events (SSE open)" STREAM "http://127.0.0.1:$port/api/appointments/$appointment/events" "$(token $port)"; done < <(builds) ;;
    esac
  done
}
passing=warm; routes_pass
passing=measured; routes_pass
echo "ratios (req/s against the floor's comparable route):"
while read -r build port; do
  ratio "$build GET /televisit.css" "floor GET /floor/hello (JSON)"
  [ -n "$nginx_port" ] && ratio "$build GET /televisit.css" "nginx GET /televisit.css"
  ratio "$build GET /api/appointments/{id} 401" "floor GET /floor/hello (JSON)"
  ratio "$build GET /api/appointments/{id}" "floor GET /floor/appointments/{id} (1 row)"
  ratio "$build POST join (HS256)" "floor GET /floor/appointments/{id} (1 row)"
  ratio "$build GET /api/me/events (SSE open)" "floor GET /floor/events (SSE open)"
  ratio "$build GET /api/appointments/{id}/events (SSE open)" "floor GET /floor/events (SSE open)"
done < <(builds) | grep -v '^$' || true
if [[ " $routes " == *" join-rs256 "* ]]; then
  signs="$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { print $6 }')"
  echo "RS256 limit: openssl speed rsa2048 signs $signs/s on one core; $(nproc) cores: $(awk -v s="$signs" -v n="$(nproc)" 'BEGIN { print int(s * n) }')/s"
fi
