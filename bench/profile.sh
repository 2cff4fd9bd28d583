#!/usr/bin/env bash
# A CPU profile of one bench server under wrk, with async-profiler (its jar from Maven Central):
# the server pinned to core 0, wrk on core 1, warmed up first, then profiled for PROFILE_SECONDS (15)
# at one sample per INTERVAL (1ms: at 100us the profiler doubled the CPU per request). Uses the
# bench jar as built (bash bench/run.sh or mvn -pl bench -am package builds it).
# Prints the hottest frames (self time) and writes the collapsed stacks for a side-by-side read.
#   bash bench/profile.sh virtual /plaintext      # simpleS, handler threads (as shipped)
#   bash bench/profile.sh loop /json              # simpleS, event-loop listeners
#   bash bench/profile.sh netty /plaintext        # raw Netty; vertx: Vert.x Web 5
#   EVENT=alloc bash bench/profile.sh virtual /session
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=${1:?server: netty, vertx, loop or virtual}
URL_PATH=${2:-/plaintext}
SECONDS_PROFILED=${PROFILE_SECONDS:-15} # not SECONDS: bash counts its own seconds in it
WARMUP=${WARMUP:-35}
EVENT=${EVENT:-cpu}
INTERVAL=${INTERVAL:-$([ "$EVENT" = cpu ] && echo 1ms || echo 512k)} # alloc: a sample per that many bytes
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18090}
OUT=${OUT:-/tmp/simples-profile-$NAME-${URL_PATH//\//_}-$EVENT.collapsed}
AP_VERSION=4.2

source bench/java.sh
source bench/lib.sh
ensure_wrk
[ -f bench/target/simples-bench.jar ] || build_bench
JAR=bench/target/simples-bench.jar
AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar
[ -f "$AP_JAR" ] || mvn -B -ntp -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION >&2
AP_DIR=$(mktemp -d)
unzip -q -o "$AP_JAR" 'linux-x64/*' -d "$AP_DIR"

declare -A MAINS=([netty]=io.simples.bench.NettyServer [vertx]=io.simples.bench.VertxServer
  [loop]=io.simples.bench.SimplesServer [virtual]=io.simples.bench.SimplesServer)
MAIN=${MAINS[$NAME]:?unknown server $NAME}
ulimit -n 65536 2>/dev/null || true
taskset -c 0 "$JAVA" -Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC \
  -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints ${FLAGS:-} \
  -cp "$JAR" "$MAIN" "$PORT" "$NAME" > "/tmp/simples-profile-$NAME.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$AP_DIR"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/plaintext" >/dev/null 2>&1 && break; sleep 0.2; done
COOKIE=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/session" | awk -F'[: ;]+' 'tolower($1) == "set-cookie" {print $2; exit}')
HEADER=()
[ -n "$COOKIE" ] && HEADER=(-H "Cookie: $COOKIE")
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "${HEADER[@]}" "http://127.0.0.1:$PORT$URL_PATH" > /dev/null
# the jar carries the library only (no asprof): started and stopped by attaching it again through jcmd
# (the options quoted once more, or jcmd reads their "=" as its own named arguments)
JCMD=$(dirname "$JAVA")/jcmd
"$JCMD" "$SERVER" JVMTI.agent_load "$AP_DIR/linux-x64/libasyncProfiler.so" "\"start,event=$EVENT,interval=$INTERVAL\"" > /dev/null
BEFORE=$(cpu_ticks "$SERVER")
OUTPUT=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PROFILED}s" "${HEADER[@]}" "http://127.0.0.1:$PORT$URL_PATH")
AFTER=$(cpu_ticks "$SERVER")
"$JCMD" "$SERVER" JVMTI.agent_load "$AP_DIR/linux-x64/libasyncProfiler.so" "\"stop,file=$OUT,collapsed$([ "$EVENT" = alloc ] && echo ,total)\"" > /dev/null
REQUESTS=$(echo "$OUTPUT" | awk '/requests in/ {print $1}')
awk -v r="$REQUESTS" -v t=$((AFTER - BEFORE)) -v clk="$(getconf CLK_TCK)" \
  'BEGIN {printf "%s requests, %.2f µs CPU per request (profiler included)\n", r, t * 1e6 / clk / r}'
echo "collapsed stacks: $OUT"
echo "hottest frames (self, % of all $([ "$EVENT" = alloc ] && echo bytes || echo samples)):"
awk '{n = $NF; $NF = ""; sub(/ $/, ""); k = split($0, f, ";"); self[f[k]] += n; total += n}
  END {for (s in self) printf "%6.2f %s\n", 100 * self[s] / total, s}' "$OUT" | sort -rn | head -${TOP:-40}
