#!/usr/bin/env bash
# How many idle WebSockets one server process holds, and what a broadcast to all of them costs:
# raw Netty and simpleS (handler threads, as shipped) in turn, each pinned to core 0 with a heap
# scaled to the connections (-Xmx1g per 100 000), the load client on core 1 connecting from
# 127.0.0.2 to 127.0.0.9. Every broadcast must reach every connection, or the run fails. Prints
# one markdown table; medians of ROUNDS runs per server. A few minutes.
#   bash bench/scale.sh
#   CONNECTIONS=50000 ROUNDS=5 bash bench/scale.sh
#
# The open-file limit bounds both processes: the script raises its soft limit to the hard one
# (for itself and its children only). Where the hard limit is below CONNECTIONS (a container
# without CAP_SYS_RESOURCE cannot raise it), the run holds what the limit allows and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

WANTED=${CONNECTIONS:-100000}
ROUNDS=${ROUNDS:-3}
BROADCASTS=${BROADCASTS:-10}
PORT=${PORT:-18180}

ulimit -n "$(ulimit -Hn)"
LIMIT=$(ulimit -n)
CONNECTIONS=$WANTED
if [ "$LIMIT" != unlimited ] && [ $((LIMIT - 200)) -lt "$WANTED" ]; then
  CONNECTIONS=$((LIMIT - 200))
  echo "the open-file limit here is $LIMIT (hard): holding $CONNECTIONS connections, not $WANTED" >&2
fi
HEAP_MB=$(( (CONNECTIONS * 1024 + 99999) / 100000 ))   # 1 GiB per 100 000 connections
[ "$HEAP_MB" -lt 64 ] && HEAP_MB=64

source bench/java.sh
echo "building (mvn package, tests skipped)" >&2
mvn -B -ntp -q -DskipTests package -pl bench -am >&2
JAR=bench/target/simples-bench.jar

declare -A MAIN=([netty]=io.simples.bench.NettyServer [virtual]=io.simples.bench.SimplesServer)
SERVERS=(netty virtual)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

declare -A HEAP BROADCAST HELD
for round in $(seq 1 "$ROUNDS"); do
  for name in "${SERVERS[@]}"; do
    port=$((PORT + round))
    taskset -c 0 "$JAVA" -Dio.netty.leakDetection.level=disabled "-Xmx${HEAP_MB}m" -XX:+UseG1GC \
      -cp "$JAR" "${MAIN[$name]}" "$port" "$name" > "/tmp/simples-scale-$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null 2>&1 && break; sleep 0.2; done
    out=$(taskset -c 1 "$JAVA" -Xmx4g -cp "$JAR" io.simples.bench.WsLoad broadcast "$port" "$CONNECTIONS" "$BROADCASTS" \
      2>"/tmp/simples-scale-load.err" | tail -1) \
      || { echo "$name round $round failed: $(tail -3 /tmp/simples-scale-load.err) $(tail -3 "/tmp/simples-scale-$name.log")" >&2; exit 1; }
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    HELD[$name]=$(echo "$out" | sed 's/connections=\([0-9]*\).*/\1/')
    HEAP[$name]+="$(echo "$out" | sed 's/.*heap_per_connection=\([0-9-]*\).*/\1/')"$'\n'
    BROADCAST[$name]+="$(echo "$out" | sed 's/.*broadcast_ms=//' | tr ',' '\n' | median)"$'\n'
    echo "   round $round, $name: $out" >&2
  done
done

echo "| idle WebSockets on one process, -Xmx${HEAP_MB}m | raw Netty | simpleS (handler threads) | ratio |"
echo "|---|---|---|---|"
n_heap=$(printf '%s' "${HEAP[netty]}" | median); s_heap=$(printf '%s' "${HEAP[virtual]}" | median)
n_cast=$(printf '%s' "${BROADCAST[netty]}" | median); s_cast=$(printf '%s' "${BROADCAST[virtual]}" | median)
echo "| connections held, all answering every broadcast | ${HELD[netty]} | ${HELD[virtual]} | |"
echo "| heap per connection (bytes) | $n_heap | $s_heap | $(awk -v a="$s_heap" -v b="$n_heap" 'BEGIN {printf "%.2f", a / b}') |"
echo "| broadcast to all, until the last has it (ms) | $n_cast | $s_cast | $(awk -v a="$s_cast" -v b="$n_cast" 'BEGIN {printf "%.2f", a / b}') |"
