#!/usr/bin/env bash
# HTTP/2 beside a raw Netty HTTP/2 baseline (bench/.../NettyH2Server), on this machine, in one run:
# h2load, cleartext by prior knowledge, 4 connections x 64 streams, on /plaintext and /json, the
# servers pinned to core 0 and h2load to core 1; CPU per request from /proc, rounds interleaved so
# the machine's slow and fast moments fall on every server alike; medians. Prints a markdown table.
#   bash bench/h2.sh
#   RUNS=5 SECONDS_PER_RUN=10 bash bench/h2.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WARMUP=${WARMUP:-30}               # seconds of load per server before measuring (the JIT on one core)
PORT=${PORT:-18180}

if ! command -v h2load >/dev/null; then
  echo "installing nghttp2-client (h2load)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null; }
fi
source bench/java.sh
source bench/lib.sh
build_bench
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC)
CLK=$(getconf CLK_TCK)
SERVERS=(netty loop virtual)
declare -A ARGS=([netty]="io.simples.bench.NettyH2Server" [loop]="io.simples.bench.SimplesServer loop h2c"
  [virtual]="io.simples.bench.SimplesServer virtual h2c")

cleanup() { for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; done; }
trap cleanup EXIT

i=0
for name in "${SERVERS[@]}"; do
  port=$((PORT + i)); i=$((i + 1))
  read -ra main <<< "${ARGS[$name]}"
  # shellcheck disable=SC2086
  taskset -c 0 "$JAVA" "${JVM[@]}" --enable-native-access=ALL-UNNAMED -cp "$JAR" "${main[0]}" "$port" "${main[@]:1}" \
    > "/tmp/simples-h2-$name.log" 2>&1 &
  PID[$name]=$!
  PORT_OF[$name]=$port
done
for name in "${SERVERS[@]}"; do
  for _ in $(seq 1 100); do
    curl -s --http2-prior-knowledge "http://127.0.0.1:${PORT_OF[$name]}/plaintext" >/dev/null && break
    sleep 0.2
  done
done

load() { # name path seconds -> requests succeeded
  taskset -c 1 h2load -c 4 -m 64 -D "$3" "http://127.0.0.1:${PORT_OF[$1]}$2" 2>/dev/null \
    | awk '/^requests:/ {print $8}'
}

echo "warming up ${WARMUP} s per server and path" >&2
for name in "${SERVERS[@]}"; do
  for path in /plaintext /json; do load "$name" "$path" $((WARMUP / 2)) >/dev/null; done
done

declare -A US
for round in $(seq 1 "$RUNS"); do
  for path in /plaintext /json; do
    for name in "${SERVERS[@]}"; do
      before=$(cpu_ticks "${PID[$name]}")
      done_requests=$(load "$name" "$path" "$SECONDS_PER_RUN")
      after=$(cpu_ticks "${PID[$name]}")
      us=$(awk -v t=$((after - before)) -v c="$CLK" -v n="$done_requests" 'BEGIN {printf "%.3f", t / c / n * 1e6}')
      US[$name,$path]+="$us "
      echo "round $round $path $name: $done_requests requests, $us us CPU per request" >&2
    done
  done
done

echo
echo "Java: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; h2load -c 4 -m 64, $RUNS interleaved rounds of ${SECONDS_PER_RUN}s, medians;"
echo "ratio = raw Netty's CPU per request / the framework's (1.00: as cheap; the target is >= 0.95, i.e. at most 1.05x the CPU)"
echo
echo "| path | mode | raw Netty µs CPU/req | simpleS µs CPU/req | ratio |"
echo "|---|---|---|---|---|"
for path in /plaintext /json; do
  base=$(echo "${US[netty,$path]}" | tr ' ' '\n' | grep . | median)
  for name in loop virtual; do
    ours=$(echo "${US[$name,$path]}" | tr ' ' '\n' | grep . | median)
    mode=$([ "$name" = loop ] && echo "event loop" || echo "handler threads")
    echo "| $path | $mode | $base | $ours | $(awk -v b="$base" -v o="$ours" 'BEGIN {printf "%.2f", b / o}') |"
  done
done
