#!/usr/bin/env bash
# Replay across a reconnect (issue 31's target: 1 000 missed messages replayed in under 100 ms):
# one server keeping recovery and its client in one JVM; each round the client drops, misses
# MISSED events sent to its session, and reconnects resuming. The time is from the new
# connection's open() until the client has every missed event and the "resumed" report, the
# handshake included. With the journal in memory, then on Redis Streams (Redis at REDIS_URI).
#   bash bench/replay.sh
#   MISSED=1000 ROUNDS=50 bash bench/replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MISSED=${MISSED:-1000}
ROUNDS=${ROUNDS:-30}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}

source bench/java.sh
source bench/lib.sh
build_bench
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

echo "| journal | missed | rounds | p50 ms | p90 ms | max ms |"
echo "|---|---|---|---|---|---|"
for journal in memory "$REDIS_URI"; do
  out=$("$JAVA" "${JVM[@]}" -cp "$JAR" io.simples.bench.ReplayLoad "$journal" "$MISSED" "$ROUNDS" 2>/dev/null | tail -1)
  echo "   $journal: $out" >&2
  echo "$out" | awk -v j="$([ "$journal" = memory ] && echo memory || echo 'Redis Streams')" -F'[= ]' \
    '{printf "| %s | %s | %s | %s | %s | %s |\n", j, $2, $4, $6, $8, $10}'
done
