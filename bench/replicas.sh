#!/usr/bin/env bash
# What RedisStore.replicas costs (issue 32): a session saved per request (GET /touch without a
# cookie: a new session, a value put, the response waits for its save), sessions in a Redis master
# with one replica of its own (both started here, stopped at the end), the server pinned to core 0,
# the load on core 1, Redis unpinned. For replicas off and replicas(1, 500 ms), interleaved rounds:
# the saturating rate and the server's CPU per request there (wrk, 16 connections), then the p99 at
# a fixed rate of half that (RateLoad: latency from when each request was due). Medians of RUNS rounds.
#   bash bench/replicas.sh
#   RUNS=5 bash bench/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
PORT=${PORT:-18580}
MASTER=${MASTER:-16390}
REPLICA=${REPLICA:-16391}

source bench/java.sh
source bench/lib.sh
build_bench
ensure_wrk
DIR=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$DIR"; }
trap cleanup EXIT
redis-server --port "$MASTER" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" >"$DIR/master.log" 2>&1 &
PIDS+=($!)
redis-server --port "$REPLICA" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" --replicaof 127.0.0.1 "$MASTER" >"$DIR/replica.log" 2>&1 &
PIDS+=($!)
until [ "$(redis-cli -p "$MASTER" info replication 2>/dev/null | grep -c 'state=online')" = 1 ]; do sleep 0.1; done
CLK=$(getconf CLK_TCK)
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
declare -A CPU P99 MAX

round() { # replicas: prints "max_rps cpu_us p99_ms"
  local port=$((PORT + $1)) pid max before after out p99 requests
  taskset -c 0 "$JAVA" "${JVM[@]}" -cp "$JAR" io.simples.bench.ReplicaServer "$port" "redis://127.0.0.1:$MASTER" "$1" \
    >"$DIR/server-$1.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/login" >/dev/null 2>&1 && break; sleep 0.1; done
  taskset -c 1 wrk -t1 -c16 -d5s "http://127.0.0.1:$port/touch" >/dev/null # warm-up
  before=$(cpu_ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$port/touch")
  after=$(cpu_ticks "$pid")
  max=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.RateLoad http "http://127.0.0.1:$port/touch" \
    $((max / 2)) "$SECONDS_PER_RUN" 16 2>/dev/null | tail -1)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  p99=$(echo "$out" | sed -E 's/.*p99_us=([0-9]+).*/\1/')
  echo "$max $(awk -v t=$((after - before)) -v clk="$CLK" -v n="$requests" 'BEGIN {printf "%.1f", t / clk * 1e6 / n}') \
$(awk -v p="$p99" 'BEGIN {printf "%.2f", p / 1000}')"
}

for run in $(seq 1 "$RUNS"); do
  for replicas in 0 1; do
    read -r max cpu p99 <<< "$(round "$replicas")"
    echo "   round $run, replicas $replicas: max $max req/s, $cpu µs CPU/request saturated, p99 at half $p99 ms" >&2
    MAX[$replicas]+="$max "; CPU[$replicas]+="$cpu "; P99[$replicas]+="$p99 "
  done
done
echo
echo "| a new session saved per request, Redis + 1 replica, medians of $RUNS rounds | saturating req/s | µs CPU per request (saturated) | p99 ms at half |"
echo "|---|---|---|---|"
for replicas in 0 1; do
  echo "| replicas $([ "$replicas" = 0 ] && echo off || echo '(1, 500 ms)') | $(echo "${MAX[$replicas]}" | tr ' ' '\n' | grep . | median) | $(echo "${CPU[$replicas]}" | tr ' ' '\n' | grep . | median) | $(echo "${P99[$replicas]}" | tr ' ' '\n' | grep . | median) |"
done
