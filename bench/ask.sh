#!/usr/bin/env bash
# Acknowledgements against plain messages: one simpleS server (handler threads) pinned to core 0,
# the Netty load client on core 1, 64 connections each sending a message and waiting for its answer:
#   echo   the plain WebSocket echo (32 bytes of text, sent back as they came)
#   event  advanced mode, {"event":"echo","data":...} answered by an on("echo") listener's send
#   ask    advanced mode, {"event":"echo","data":...,"ask":1} answered by onAsk("echo") with "answer"
# Interleaved rounds, medians of the server's CPU per message; prints a markdown table and the
# ratios of messages per CPU-second (issue 31's target: ask >= 0.8 x echo).
#   bash bench/ask.sh
#   RUNS=7 bash bench/ask.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WARMUP=${WARMUP:-20}
WS_CONNECTIONS=${WS_CONNECTIONS:-64}
PORT=${PORT:-18380}

source bench/java.sh
source bench/lib.sh
build_bench
CLK=$(getconf CLK_TCK)
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
declare -A JAR_OF MAIN PATH_OF MESSAGE_OF CPU RATE P99
cleanup() { for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; done; }
trap cleanup EXIT

JAR_OF[simples]=$JAR
MAIN[simples]=io.simples.bench.SimplesServer
MODE[simples]=virtual
start_server simples "$PORT"
KINDS=(echo event ask)
PATH_OF[echo]=/echo;    MESSAGE_OF[echo]=$(printf 'x%.0s' $(seq 1 32))
PATH_OF[event]=/events; MESSAGE_OF[event]='{"event":"echo","data":"xxxxxxxxxxxxxxxx"}'
PATH_OF[ask]=/asks;     MESSAGE_OF[ask]='{"event":"echo","data":"xxxxxxxxxxxxxxxx","ask":1}'

one_run() { # kind seconds: prints "messages_per_second cpu_us_per_message p99_ms"
  local kind=$1 seconds=$2 out
  out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "$PORT" "$WS_CONNECTIONS" "$seconds" \
    "${PID[simples]}" "${PATH_OF[$kind]}" "${MESSAGE_OF[$kind]}" 2>/dev/null | tail -1)
  echo "$out" | awk -v clk="$CLK" -F'[= ]' '{printf "%.0f %.2f %.3f\n", $4, $10 * 1e6 / clk / $2, $8 / 1000}'
}

echo "== warm-up: ${WARMUP}s of each kind" >&2
for kind in "${KINDS[@]}"; do one_run "$kind" "$WARMUP" >/dev/null; done
for run in $(seq 1 "$RUNS"); do
  for kind in "${KINDS[@]}"; do
    read -r rate cpu p99 <<< "$(one_run "$kind" "$SECONDS_PER_RUN")"
    echo "   round $run $kind: $rate msg/s, $cpu µs CPU/msg, p99 $p99 ms" >&2
    RATE[$kind]+="$rate "; CPU[$kind]+="$cpu "; P99[$kind]+="$p99 "
  done
done

echo
echo "| $WS_CONNECTIONS connections, medians of $RUNS rounds | messages/s | µs CPU per message | p99 ms | messages per CPU-second vs echo |"
echo "|---|---|---|---|---|"
base=$(echo "${CPU[echo]}" | tr ' ' '\n' | grep . | median)
for kind in "${KINDS[@]}"; do
  cpu=$(echo "${CPU[$kind]}" | tr ' ' '\n' | grep . | median)
  echo "| $kind | $(echo "${RATE[$kind]}" | tr ' ' '\n' | grep . | median) | $cpu | $(echo "${P99[$kind]}" | tr ' ' '\n' | grep . | median) | $(awk -v b="$base" -v c="$cpu" 'BEGIN {printf "%.2f", b / c}') |"
done
