#!/usr/bin/env bash
# The framework beside a raw Netty baseline, on this machine, in one run; prints one markdown
# table. Each server runs pinned to core 0, the load generators on core 1. About 10 minutes.
#   bash bench/run.sh                 # everything
#   RUNS=5 SECONDS_PER_RUN=10 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}                    # measurements per figure; the table shows their median
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WARMUP=${WARMUP:-32}               # seconds of load before measuring (the JIT needs ~30 s on one core)
CONNECTIONS=${CONNECTIONS:-64}     # wrk connections
WS_CONNECTIONS=${WS_CONNECTIONS:-64}
IDLE=${IDLE:-10000}                # idle WebSockets for the broadcast and memory figures
SESSIONS=${SESSIONS:-10000}
PORT=${PORT:-18080}

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
JAVA=${JAVA:-java}
for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  [ -x "$candidate/bin/java" ] && JAVA="$candidate/bin/java" && break
done
echo "building (mvn package, tests skipped)" >&2
mvn -B -ntp -q -DskipTests package -pl bench -am >&2
JAR=bench/target/simples-bench.jar
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CLK=$(getconf CLK_TCK)
# the leak detector costs about a quarter of the throughput: off for both servers
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC)

SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; true; }
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
to_ms() { awk '{v = $1; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; printf "%.2f\n", v}'; }

start_server() { # name, main class, mode
  taskset -c 0 "$JAVA" "${JVM[@]}" -cp "$JAR" "$2" "$PORT" "${3:-}" > "/tmp/simples-bench-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/plaintext" >/dev/null 2>&1 && return
    sleep 0.2
  done
  echo "$1 did not start: $(cat "/tmp/simples-bench-$1.log")" >&2; exit 1
}

stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; sleep 1; }

# one wrk run: prints "requests_per_second cpu_us_per_request p99_ms"
wrk_run() { # url, extra wrk args...
  local url=$1; shift
  local before after out requests rps p99
  before=$(cpu_ticks "$SERVER_PID")
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url")
  after=$(cpu_ticks "$SERVER_PID")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | to_ms)
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $url" >&2; echo "$out" >&2; exit 1; fi
  awk -v r="$requests" -v rps="$rps" -v t=$((after - before)) -v clk="$CLK" -v p="$p99" \
    'BEGIN {printf "%.0f %.2f %s\n", rps, t * 1e6 / clk / r, p}'
}

declare -A RESULT
measure_server() { # name
  local name=$1 url cookie endpoint
  echo "== $name: warming up ${WARMUP}s" >&2
  for endpoint in plaintext json users/42 session; do
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 4))s" "http://127.0.0.1:$PORT/$endpoint" >/dev/null
  done
  cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/session" | tr -d '\r' | awk -F'[=;]' 'tolower($0) ~ /^set-cookie: _session=/ {print $2}')
  for endpoint in plaintext json users session; do
    url="http://127.0.0.1:$PORT/$endpoint"
    [ "$endpoint" = users ] && url="http://127.0.0.1:$PORT/users/42"
    local runs=()
    for _ in $(seq 1 "$RUNS"); do
      if [ "$endpoint" = session ]; then runs+=("$(wrk_run "$url" -H "Cookie: _session=$cookie")"); else runs+=("$(wrk_run "$url")"); fi
    done
    RESULT[$name,$endpoint,rps]=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | median)
    RESULT[$name,$endpoint,cpu]=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | median)
    RESULT[$name,$endpoint,p99]=$(printf '%s\n' "${runs[@]}" | awk '{print $3}' | median)
    echo "   $endpoint: ${RESULT[$name,$endpoint,rps]} req/s, ${RESULT[$name,$endpoint,cpu]} µs CPU/req" >&2
  done
  local runs=() before after out
  taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "$PORT" "$WS_CONNECTIONS" "$((WARMUP / 2))" >/dev/null 2>&1 # warm-up
  for _ in $(seq 1 "$RUNS"); do
    before=$(cpu_ticks "$SERVER_PID")
    out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "$PORT" "$WS_CONNECTIONS" "$SECONDS_PER_RUN" 2>/dev/null | tail -1)
    after=$(cpu_ticks "$SERVER_PID")
    runs+=("$(echo "$out" | awk -v t=$((after - before)) -v clk="$CLK" -F'[= ]' \
      '{printf "%.0f %.2f %.3f\n", $4, t * 1e6 / clk / $2, $8 / 1000}')")
  done
  RESULT[$name,ws,rps]=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | median)
  RESULT[$name,ws,cpu]=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | median)
  RESULT[$name,ws,p99]=$(printf '%s\n' "${runs[@]}" | awk '{print $3}' | median)
  echo "   ws echo: ${RESULT[$name,ws,rps]} msg/s, ${RESULT[$name,ws,cpu]} µs CPU/msg" >&2
  out=$(taskset -c 1 "$JAVA" -Xmx2g -cp "$JAR" io.simples.bench.WsLoad broadcast "$PORT" "$IDLE" "$RUNS" 2>/dev/null | tail -1)
  RESULT[$name,broadcast]=$(echo "$out" | sed 's/.*broadcast_ms=//' | tr ',' '\n' | median)
  RESULT[$name,wsheap]=$(echo "$out" | sed 's/.*heap_per_connection=\([0-9-]*\).*/\1/')
  echo "   broadcast to $IDLE: ${RESULT[$name,broadcast]} ms; heap per idle WebSocket ${RESULT[$name,wsheap]} B" >&2
  out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad sessions "$PORT" "$SESSIONS" 2>/dev/null | tail -1)
  RESULT[$name,sessionheap]=$(echo "$out" | sed 's/.*heap_per_session=//')
  echo "   heap per session: ${RESULT[$name,sessionheap]} B" >&2
}

start_server netty io.simples.bench.NettyServer; measure_server netty; stop_server
start_server loop io.simples.bench.SimplesServer loop; measure_server loop; stop_server
start_server virtual io.simples.bench.SimplesServer virtual; measure_server virtual; stop_server

ratio() { awk -v b="$1" -v f="$2" 'BEGIN {printf "%.2f", b / f}'; }
echo
echo "Java: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; $RUNS runs of ${SECONDS_PER_RUN}s, medians; ratio = baseline CPU per op / framework CPU per op"
echo
echo "| test | mode | baseline ops/s | framework ops/s | baseline µs CPU/op | framework µs CPU/op | ratio | p99 ms baseline / framework |"
echo "|---|---|---|---|---|---|---|---|"
for mode in loop virtual; do
  label=$([ $mode = loop ] && echo "event loop" || echo "handler threads")
  for test in plaintext json users session ws; do
    name=$test; [ $test = users ] && name="/users/:id among 100"; [ $test = ws ] && name="WS echo"
    echo "| $name | $label | ${RESULT[netty,$test,rps]} | ${RESULT[$mode,$test,rps]} | ${RESULT[netty,$test,cpu]} | ${RESULT[$mode,$test,cpu]} | $(ratio "${RESULT[netty,$test,cpu]}" "${RESULT[$mode,$test,cpu]}") | ${RESULT[netty,$test,p99]} / ${RESULT[$mode,$test,p99]} |"
  done
  echo "| broadcast to $IDLE (ms, lower is better) | $label | ${RESULT[netty,broadcast]} | ${RESULT[$mode,broadcast]} | | | $(ratio "${RESULT[$mode,broadcast]}" "${RESULT[netty,broadcast]}") × baseline time | |"
  echo "| heap per idle WebSocket (bytes) | $label | ${RESULT[netty,wsheap]} | ${RESULT[$mode,wsheap]} | | | | |"
  echo "| heap per live session (bytes) | $label | ${RESULT[netty,sessionheap]} | ${RESULT[$mode,sessionheap]} | | | | |"
done
