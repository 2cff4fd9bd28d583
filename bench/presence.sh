#!/usr/bin/env bash
# Presence across three processes (issue 31): three member servers on one Redis, pinned to core 0,
# the load on core 1. MEMBERS sessions join the lobby, each on one of the three (a WebSocket each);
# every process's join listener stamps when it heard each member (System.nanoTime: one clock for
# the machine's processes), and the load prints how long after the member's own server the two
# others heard it: p50, p99, max. About a minute with the defaults.
#   bash bench/presence.sh
#   MEMBERS=3000 RUNS=3 bash bench/presence.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MEMBERS=${MEMBERS:-10000}
RUNS=${RUNS:-3}
PORT=${PORT:-18480}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}

source bench/java.sh
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (mvn package, tests skipped)" >&2
  mvn -B -ntp -q -DskipTests package -pl bench -am >&2
fi
JAR=bench/target/simples-bench.jar
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx1g -XX:+UseG1GC)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
trap cleanup EXIT

for run in $(seq 1 "$RUNS"); do
  redis-cli -u "$REDIS_URI" --scan --pattern 'simples:bench:*' | xargs -r redis-cli -u "$REDIS_URI" del >/dev/null
  for i in 0 1 2; do
    port=$((PORT + i))
    taskset -c 0 "$JAVA" "${JVM[@]}" -cp "$JAR" io.simples.bench.ClusterServer "$port" "$REDIS_URI" >"/tmp/simples-presence-$port.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/connections" >/dev/null && break; sleep 0.1; done
  done
  until [ "$(curl -fs "http://127.0.0.1:$PORT/servers")" = 3 ]; do sleep 0.1; done
  out=$(taskset -c 1 "$JAVA" -Xmx2g -cp "$JAR" io.simples.bench.PresenceLoad "$MEMBERS" "$PORT" $((PORT + 1)) $((PORT + 2)))
  echo "round $run: $out" >&2
  echo "$out"
  cleanup
done
