#!/usr/bin/env bash
# Today's simpleS against an earlier commit, on fresh JVMs: what a change costs, with each JVM's luck
# averaged out. A server's CPU per request holds within a few per cent across its own rounds but can
# differ by 10-15 % from the next JVM of the same jar (the JIT's choices: inlining, code layout), so
# run.sh's BEFORE rows, one JVM per server for a whole run, swing by about ±0.1 from run to run.
# This starts SETS fresh sets of four servers (event loop and handler threads, today's and BEFORE's),
# pinned to core 0 with the load on core 1, warms each up as run.sh does, measures RUNS interleaved
# rounds per test, and prints CPU per op then ÷ now for each set and the median of the sets
# (under 1: today costs more). Which jar starts and measures first alternates from set to set.
#   BEFORE=d66597f bash bench/before.sh                         # plaintext and WebSocket echo, 5 sets (~25 min)
#   BEFORE=d66597f SETS=7 TESTS="plaintext json users session ws" bash bench/before.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${BEFORE:?"say which revision: BEFORE=<rev> bash bench/before.sh"}
SETS=${SETS:-5}                    # fresh JVM sets; the table's last column is their median
RUNS=${RUNS:-3}                    # measured rounds per test within a set; a set's figure is their median
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
WARMUP=${WARMUP:-32}
CONNECTIONS=${CONNECTIONS:-64}
WS_CONNECTIONS=${WS_CONNECTIONS:-64}
PORT=${PORT:-18380}                # set k listens on PORT + 4k ... PORT + 4k + 3
read -ra TESTS <<< "${TESTS:-plaintext ws}"

source bench/java.sh
source bench/lib.sh
ensure_wrk
build_bench
build_before "$BEFORE"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CLK=$(getconf CLK_TCK)
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC)
declare -A JAR_OF=([loop]=$JAR [virtual]=$JAR [loop-before]=$BEFORE_JAR [virtual-before]=$BEFORE_JAR)
declare -A MAIN=([loop]=io.simples.bench.SimplesServer [virtual]=io.simples.bench.SimplesServer
  [loop-before]=io.simples.bench.SimplesServer [virtual-before]=io.simples.bench.SimplesServer)
declare -A PAIRED ALLOC

stop_servers() { for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; unset "PID[$name]"; done; }
trap 'stop_servers; rm -rf "$BEFORE_DIR"' EXIT
column() { printf '%s' "$1" | awk -v c="$2" '{print $c}'; }

for set in $(seq 1 "$SETS"); do
  if ((set % 2)); then SERVERS=(loop virtual loop-before virtual-before); else SERVERS=(loop-before virtual-before loop virtual); fi
  port=$((PORT + 4 * set))
  for name in "${SERVERS[@]}"; do start_server "$name" "$port"; take_cookie "$name"; port=$((port + 1)); done
  for name in "${SERVERS[@]}"; do warm_up "$name"; done
  declare -A SAMPLES=()
  for test in "${TESTS[@]}"; do
    for _ in $(seq 1 "$RUNS"); do
      for name in "${SERVERS[@]}"; do SAMPLES[$name,$test]+="$(measure "$name" "$test")"$'\n'; done
    done
    for mode in loop virtual; do
      ratio=$(then_over_now "$mode" "$mode-before" "$test")
      PAIRED[$mode,$test]+="$ratio "
      ALLOC[$mode,$test]+="$(column "${SAMPLES[$mode-before,$test]}" 4 | median)/$(column "${SAMPLES[$mode,$test]}" 4 | median) "
      echo "== set $set, $test, $mode: CPU per op then ÷ now $ratio" >&2
    done
  done
  stop_servers
done

echo
echo "Java: $("$JAVA" -version 2>&1 | head -1); today against $BEFORE on $SETS fresh JVM sets, $RUNS interleaved rounds of ${SECONDS_PER_RUN}s each;"
echo "CPU per op then ÷ now, each set's median of its rounds (under 1: today costs more); bytes allocated per op then/now"
echo
echo "| test | mode | each set | median of the sets | bytes/op then/now, each set |"
echo "|---|---|---|---|---|"
for test in "${TESTS[@]}"; do
  for mode in loop virtual; do
    label=$([ $mode = loop ] && echo "event loop" || echo "handler threads")
    echo "| $test | $label | ${PAIRED[$mode,$test]% } | $(tr ' ' '\n' <<< "${PAIRED[$mode,$test]}" | grep . | median | awk '{printf "%.3f", $1}') | ${ALLOC[$mode,$test]% } |"
  done
done
