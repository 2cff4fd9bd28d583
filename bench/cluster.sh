#!/usr/bin/env bash
# The cluster's costs on this machine (issue 16), in one run; prints one markdown table.
# Three member servers on one Redis and one server alone (the single-process baseline), all pinned
# to core 0, the load on core 1:
#  - one broadcast to IDLE idle WebSockets spread over the three members, against the same number
#    on the server alone: time until the last socket has it; then FLOOD broadcasts in a row;
#  - the bus's CPU per message in a receiving process (a channel nobody is bound to) and the sender;
#  - a value written over HTTP on member A, until the user's WebSocket on member B hears it.
# Figures are medians of RUNS rounds (the machine is noisy). About 4 minutes with the defaults.
#   bash bench/cluster.sh
#   RUNS=5 IDLE=9000 bash bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
IDLE=${IDLE:-9000}               # idle WebSockets in all (a third on each member)
BROADCASTS=${BROADCASTS:-15}     # timed broadcasts per round
FLOOD=${FLOOD:-50}               # broadcasts in a row per round
BUS_MESSAGES=${BUS_MESSAGES:-100000}
SAMPLES=${SAMPLES:-1000}         # session writes per round
PORT=${PORT:-18180}
REDIS_URI=${REDIS_URI:-redis://127.0.0.1:6379}

source bench/java.sh
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (mvn package, tests skipped)" >&2
  mvn -B -ntp -q -DskipTests package -pl bench -am >&2
fi
JAR=bench/target/simples-bench.jar
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx1g -XX:+UseG1GC)
LOAD=(taskset -c 1 "$JAVA" -Xmx2g -Dclk.tck="$(getconf CLK_TCK)" -cp "$JAR" io.simples.bench.ClusterLoad)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # port, redis uri or none
  taskset -c 0 "$JAVA" "${JVM[@]}" -cp "$JAR" io.simples.bench.ClusterServer "$1" "$2" >"/tmp/simples-cluster-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/connections" >/dev/null && return; sleep 0.1; done
  echo "server on port $1 did not start" >&2; cat "/tmp/simples-cluster-$1.log" >&2; exit 1
}
for i in 0 1 2; do start $((PORT + i)) "$REDIS_URI"; done
start $((PORT + 3)) none
MEMBER_A=${PIDS[0]}; MEMBER_B=${PIDS[1]}
until [ "$(curl -fs "http://127.0.0.1:$PORT/servers")" = 3 ]; do sleep 0.1; done

echo "warming up the bus path (unreported)" >&2
"${LOAD[@]}" bus $PORT $((PORT + 1)) "$MEMBER_B" "$MEMBER_A" 50000 >/dev/null
"${LOAD[@]}" session $PORT $((PORT + 1)) 200 >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p" | cut -d, -f1; }
declare -a CB CF SB SF RX TX P50 P99
for run in $(seq 1 "$RUNS"); do
  echo "round $run of $RUNS" >&2
  out=$("${LOAD[@]}" broadcast $((IDLE / 3)) "$BROADCASTS" "$FLOOD" $PORT $((PORT + 1)) $((PORT + 2))); echo "3 processes: $out" >&2
  CB+=("$(echo "$out" | field broadcast_ms)"); CF+=("$(echo "$out" | field flood_per_second)")
  out=$("${LOAD[@]}" broadcast "$IDLE" "$BROADCASTS" "$FLOOD" $((PORT + 3))); echo "1 process: $out" >&2
  SB+=("$(echo "$out" | field broadcast_ms)"); SF+=("$(echo "$out" | field flood_per_second)")
  out=$("${LOAD[@]}" bus $PORT $((PORT + 1)) "$MEMBER_B" "$MEMBER_A" "$BUS_MESSAGES"); echo "bus: $out" >&2
  RX+=("$(echo "$out" | field receiver_cpu_us_per_message)"); TX+=("$(echo "$out" | field sender_cpu_us_per_message)")
  out=$("${LOAD[@]}" session $PORT $((PORT + 1)) "$SAMPLES"); echo "session: $out" >&2
  P50+=("$(echo "$out" | field after_response_p50_ms)"); P99+=("$(echo "$out" | field after_response_p99_ms)")
done
m() { printf '%s\n' "$@" | median; }
cb=$(m "${CB[@]}"); sb=$(m "${SB[@]}")
echo
echo "| cluster figure (medians of $RUNS rounds) | value |"
echo "|---|---|"
echo "| one broadcast to $IDLE sockets on 3 processes, ms | $cb (rounds: ${CB[*]}) |"
echo "| the same $IDLE sockets on 1 process, ms | $sb (rounds: ${SB[*]}) |"
echo "| cluster ÷ one process (target ≤ 2 × + 5 ms: $(awk "BEGIN {printf \"%.1f\", 2 * $sb + 5}") ms) | $(awk "BEGIN {printf \"%.2f\", $cb / $sb}") |"
echo "| broadcasts/s to all $IDLE, 3 processes | $(m "${CF[@]}") |"
echo "| broadcasts/s to all $IDLE, 1 process | $(m "${SF[@]}") |"
echo "| bus CPU per message, receiving process, µs | $(m "${RX[@]}") |"
echo "| bus CPU per message, sending process, µs | $(m "${TX[@]}") |"
echo "| session value A → socket on B, p50 ms (after A's response) | $(m "${P50[@]}") |"
echo "| session value A → socket on B, p99 ms | $(m "${P99[@]}") |"
