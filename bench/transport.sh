#!/usr/bin/env bash
# The socket transports side by side: raw Netty and simpleS (handler threads and event-loop
# listeners), each on epoll and on io_uring, pinned to core 0, the load on core 1; interleaved
# rounds, medians; prints one markdown table. About 12 minutes with the defaults.
#   bash bench/transport.sh
#   RUNS=7 bash bench/transport.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
WARMUP=${WARMUP:-32}              # seconds of load per server before measuring
CONNECTIONS=${CONNECTIONS:-64}
WS_CONNECTIONS=${WS_CONNECTIONS:-64}
PORT=${PORT:-18280}
TRANSPORTS=(epoll io_uring)
KINDS=(netty virtual loop)

source bench/java.sh
source bench/lib.sh
ensure_wrk
build_bench
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CLK=$(getconf CLK_TCK)
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
declare -A JAR_OF MAIN SAMPLES
cleanup() { for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; done; }
trap cleanup EXIT

SERVERS=()
port=$PORT
for kind in "${KINDS[@]}"; do
  for transport in "${TRANSPORTS[@]}"; do
    name=$kind-$transport
    SERVERS+=("$name")
    JAR_OF[$name]=$JAR
    MAIN[$name]=$([ "$kind" = netty ] && echo io.simples.bench.NettyServer || echo io.simples.bench.SimplesServer)
    MODE[$name]=$kind
    FLAGS[$name]=-Dsimples.transport=$transport
    start_server "$name" "$port"
    port=$((port + 1))
  done
done
for name in "${SERVERS[@]}"; do
  echo "== $name: ${WARMUP}s of warm-up" >&2
  for endpoint in plaintext json users/42; do
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 4))s" "http://127.0.0.1:${PORT_OF[$name]}/$endpoint" >/dev/null
  done
  taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "${PORT_OF[$name]}" "$WS_CONNECTIONS" "$((WARMUP / 4))" >/dev/null 2>&1
done
for test in plaintext json users ws; do
  echo "== $test: $RUNS rounds of ${SECONDS_PER_RUN}s on each server" >&2
  for _ in $(seq 1 "$RUNS"); do
    for name in "${SERVERS[@]}"; do
      case $test in
        ws) SAMPLES[$name,$test]+="$(ws_run "$name")"$'\n' ;;
        *) SAMPLES[$name,$test]+="$(wrk_run "$name" "http://127.0.0.1:${PORT_OF[$name]}/${test/#users/users\/42}")"$'\n' ;;
      esac
    done
  done
done

cpu() { printf '%s' "${SAMPLES[$1,$2]}" | awk '{print $2}' | median; }
# the median over the rounds of one server's CPU per op divided by another's, round by round
per_round() { paste <(printf '%s' "${SAMPLES[$1,$3]}" | awk '{print $2}') <(printf '%s' "${SAMPLES[$2,$3]}" | awk '{print $2}') \
  | awk '{printf "%.4f\n", $1 / $2}' | median | awk '{printf "%.2f", $1}'; }
echo
echo "Java: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; $RUNS interleaved rounds of ${SECONDS_PER_RUN}s, medians; µs of server CPU per request or message"
echo
echo "| test | server | epoll µs/op | io_uring µs/op | io_uring / epoll | raw Netty / server, epoll | raw Netty / server, io_uring |"
echo "|---|---|---|---|---|---|---|"
for test in plaintext json users ws; do
  for kind in "${KINDS[@]}"; do
    echo "| $test | $kind | $(cpu "$kind-epoll" "$test") | $(cpu "$kind-io_uring" "$test") | $(per_round "$kind-io_uring" "$kind-epoll" "$test") | $(per_round netty-epoll "$kind-epoll" "$test") | $(per_round netty-io_uring "$kind-io_uring" "$test") |"
  done
done
