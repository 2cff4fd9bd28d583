#!/usr/bin/env bash
# The framework beside a raw Netty baseline and Vert.x Web 5 (its defaults), on this machine, in one
# run; prints one markdown table. The four servers (raw Netty, Vert.x, simpleS with event-loop
# listeners, simpleS with handler threads) all run pinned to core 0, the load generators on core 1.
# Each measurement round drives the servers one after the other, so that the machine's slow and fast
# moments fall on all alike; ratios are medians of the rounds' ratios. About 20 minutes with the defaults.
#   bash bench/run.sh                 # everything
#   RUNS=7 SECONDS_PER_RUN=10 bash bench/run.sh
#   BEFORE=de0e8b8 bash bench/run.sh  # also simpleS as of that commit, in the same rounds (~18 min):
#                                     # a change measured against its parent, not against another day's run
#                                     # (one JVM per server: for a change under 10 %, bench/before.sh)
#   TESTS="plaintext json" CPU_ONLY=1 bash bench/run.sh  # those rows only, CPU and allocations (no p99 at half
#                                     # load, broadcast, heap or client figures): a quick look while tuning
#   FLOOR=1 bash bench/run.sh         # also raw Netty answering on handler threads through our hand-off
#   METRICS=1 bash bench/run.sh       # also simpleS with server.metrics(a SimpleMeterRegistry) on: what metrics cost
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}                    # measurement rounds per figure; the table shows medians (the machine is noisy)
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
WARMUP=${WARMUP:-32}               # least seconds of load per server before measuring (the JIT needs ~30 s on one core)
CONNECTIONS=${CONNECTIONS:-64}     # wrk connections
WS_CONNECTIONS=${WS_CONNECTIONS:-64}
IDLE=${IDLE:-10000}                # idle WebSockets for the broadcast and memory figures
BROADCASTS=${BROADCASTS:-15}       # broadcast rounds per server (a fraction of a second each)
SESSIONS=${SESSIONS:-10000}
PORT=${PORT:-18080}                # the servers listen on PORT, PORT+1, ...
RATE_SECONDS=${RATE_SECONDS:-5}    # measured seconds of each fixed-rate run (p99 at half load)
BEFORE=${BEFORE:-}                 # a git revision: its simpleS runs beside today's, as "loop-before" and "virtual-before"
read -ra TESTS <<< "${TESTS:-plaintext json users session ws}"
CPU_ONLY=${CPU_ONLY:-}             # non-empty: the CPU and allocation rows only
FLOOR=${FLOOR:-}                   # non-empty: also "netty-virtual", raw Netty with the framework's hand-off to handler threads
METRICS=${METRICS:-}               # non-empty: also "loop-metrics" and "virtual-metrics", our servers with Micrometer metrics on
OURS_FLAGS=${OURS_FLAGS:-}         # JVM flags for the servers that run our code (loop, virtual, netty-virtual), e.g.
                                   # OURS_FLAGS=-Dsimples.transport=io_uring (raw Netty and Vert.x keep their defaults)

source bench/java.sh
source bench/lib.sh
ensure_wrk
build_bench
declare -A JAR_OF=([netty]=$JAR [vertx]=$JAR [loop]=$JAR [virtual]=$JAR [netty-virtual]=$JAR)
SERVERS=(netty vertx loop virtual)
[ -n "$FLOOR" ] && SERVERS+=(netty-virtual) && MODE[netty-virtual]=virtual
FLAGS[loop]=$OURS_FLAGS FLAGS[virtual]=$OURS_FLAGS FLAGS[netty-virtual]=$OURS_FLAGS
if [ -n "$BEFORE" ]; then
  build_before "$BEFORE"
  JAR_OF[loop-before]=$BEFORE_JAR
  JAR_OF[virtual-before]=$BEFORE_JAR
  SERVERS+=(loop-before virtual-before)
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CLK=$(getconf CLK_TCK)
# the leak detector costs about a quarter of the throughput: off for all servers
JVM=(-Dio.netty.leakDetection.level=disabled -Xms1g -Xmx2g -XX:+UseG1GC)
declare -A MAIN=([netty]=io.simples.bench.NettyServer [netty-virtual]=io.simples.bench.NettyServer [vertx]=io.simples.bench.VertxServer [loop]=io.simples.bench.SimplesServer [virtual]=io.simples.bench.SimplesServer
  [loop-before]=io.simples.bench.SimplesServer [virtual-before]=io.simples.bench.SimplesServer
  [loop-metrics]=io.simples.bench.SimplesServer [virtual-metrics]=io.simples.bench.SimplesServer)
if [ -n "$METRICS" ]; then
  SERVERS+=(loop-metrics virtual-metrics)
  JAR_OF[loop-metrics]=$JAR JAR_OF[virtual-metrics]=$JAR MODE[loop-metrics]=loop MODE[virtual-metrics]=virtual
  FLAGS[loop-metrics]="$OURS_FLAGS -Dsimples.bench.metrics=true" FLAGS[virtual-metrics]="$OURS_FLAGS -Dsimples.bench.metrics=true"
fi

cleanup() { for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; wait "${PID[$name]}" 2>/dev/null || true; done; }
trap cleanup EXIT


declare -A RESULT SAMPLES
record() { # name, test: medians of the samples, and each framework's median ratio to the baseline
  local name=$1 test=$2
  RESULT[$name,$test,rps]=$(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $1}' | median)
  RESULT[$name,$test,cpu]=$(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $2}' | median)
  RESULT[$name,$test,p99]=$(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $3}' | median)
  RESULT[$name,$test,alloc]=$(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $4}' | median)
  if [ "$name" != netty ]; then
    RESULT[$name,$test,ratio]=$(paste <(printf '%s' "${SAMPLES[netty,$test]}" | awk '{print $2}') \
      <(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $2}') | awk '{printf "%.4f\n", $1 / $2}' | median)
  fi
  RESULT[$name,$test,vertx]=$(paste <(printf '%s' "${SAMPLES[$name,$test]}" | awk '{print $2}') \
    <(printf '%s' "${SAMPLES[vertx,$test]}" | awk '{print $2}') | awk '{printf "%.4f\n", $1 / $2}' | median)
  echo "   $name $test: ${RESULT[$name,$test,rps]} ops/s, ${RESULT[$name,$test,cpu]} µs CPU/op" >&2
}

port=$PORT
for name in "${SERVERS[@]}"; do start_server "$name" "$port"; port=$((port + 1)); done
for name in "${SERVERS[@]}"; do take_cookie "$name"; done
for name in "${SERVERS[@]}"; do warm_up "$name"; done
for test in "${TESTS[@]}"; do
  echo "== $test: $RUNS rounds of ${SECONDS_PER_RUN}s on each server" >&2
  for _ in $(seq 1 "$RUNS"); do
    for name in "${SERVERS[@]}"; do SAMPLES[$name,$test]+="$(measure "$name" "$test")"$'\n'; done
  done
  for name in "${SERVERS[@]}"; do record "$name" "$test"; done
done
if [ -z "$CPU_ONLY" ]; then
# p99 latency at half the saturating load: a fixed rate (RateLoad, wrk2's way: latency counts from
# when a request was due), half of what the baseline served in the rounds above, alike for all
# (one core of a Java load client cannot send as fast as wrk: where it cannot keep half the rate, which
# the baseline's median latency shows, the rate is lowered until it can, and the table says so)
rate_run() { # name, test, rate: prints RateLoad's line
  local target
  if [ "$2" = ws ]; then target=(ws "${PORT_OF[$1]}"); else target=(http "http://127.0.0.1:${PORT_OF[$1]}/plaintext"); fi
  taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.RateLoad "${target[@]}" "$3" "$RATE_SECONDS" "$CONNECTIONS" 2>/dev/null | tail -1
}
for test in plaintext ws; do
  rate=$(awk -v r="${RESULT[netty,$test,rps]}" 'BEGIN {printf "%.0f", r / 2}')
  for _ in 1 2 3 4; do
    p50=$(rate_run netty "$test" "$rate" | sed 's/.*p50_us=\([0-9]*\).*/\1/')
    [ "${p50:-999999}" -lt 2000 ] && break
    echo "   the load client cannot keep $rate/s of $test (the baseline's p50 read ${p50} µs): 0.8 × that" >&2
    rate=$(awk -v r="$rate" 'BEGIN {printf "%.0f", r * 0.8}')
  done
  RESULT[$test,rate]=$rate
  RESULT[$test,share]=$(awk -v r="$rate" -v s="${RESULT[netty,$test,rps]}" 'BEGIN {printf "%.2f", r / s}')
  echo "== $test at $rate/s (${RESULT[$test,share]} of the baseline's saturating rate): $RUNS rounds of ${RATE_SECONDS}s on each server" >&2
  for _ in $(seq 1 "$RUNS"); do
    for name in "${SERVERS[@]}"; do
      SAMPLES[$name,$test,half]+="$(rate_run "$name" "$test" "$rate" | sed 's/.*p99_us=\([0-9]*\).*/\1/')"$'\n'
    done
  done
  for name in "${SERVERS[@]}"; do
    RESULT[$name,$test,half]=$(printf '%s' "${SAMPLES[$name,$test,half]}" | median | awk '{printf "%.2f", $1 / 1000}')
    echo "   $name: p99 ${RESULT[$name,$test,half]} ms" >&2
  done
done

# heap per live session, before the broadcast: while its 10 000 sockets close, the server frees
# memory that would be counted against the sessions (a run read 48 bytes per session for 130)
for name in "${SERVERS[@]}"; do
  out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad sessions "${PORT_OF[$name]}" "$SESSIONS" 2>/dev/null | tail -1)
  RESULT[$name,sessionheap]=$(echo "$out" | sed 's/.*heap_per_session=//')
done
# One load process per server (a process holds at most ~20 000 sockets here), each with its idle
# connections open; they take their rounds in turn through a shared file (bench/.../Turns.java).
echo "== broadcast: $IDLE idle WebSockets on each server, $BROADCASTS rounds each, in turn" >&2
TURNS=$(mktemp -d)
echo 0 > "$TURNS/turn"
declare -A LOADER
for slot in "${!SERVERS[@]}"; do
  name=${SERVERS[$slot]}
  taskset -c 1 "$JAVA" -Xmx2g -cp "$JAR" io.simples.bench.WsLoad broadcast "${PORT_OF[$name]}" "$IDLE" "$BROADCASTS" \
    "$TURNS/turn" "$slot" "${#SERVERS[@]}" > "$TURNS/$name.out" 2>"$TURNS/$name.err" &
  LOADER[$name]=$!
  PID[load-$name]=${LOADER[$name]} # stopped on exit like the servers
done
for name in "${SERVERS[@]}"; do
  wait "${LOADER[$name]}" || { echo "broadcast load on $name failed: $(tail -3 "$TURNS/$name.err")" >&2; exit 1; }
  out=$(tail -1 "$TURNS/$name.out")
  RESULT[$name,broadcast]=$(echo "$out" | sed 's/.*broadcast_ms=//' | tr ',' '\n' | median)
  RESULT[$name,wsheap]=$(echo "$out" | sed 's/.*heap_per_connection=\([0-9-]*\).*/\1/')
done
for name in "${SERVERS[@]}"; do unset "PID[load-$name]"; done
rm -rf "$TURNS"
for name in "${SERVERS[@]}"; do
  echo "   $name: broadcast to $IDLE ${RESULT[$name,broadcast]} ms; heap per idle WebSocket ${RESULT[$name,wsheap]} B, per session ${RESULT[$name,sessionheap]} B" >&2
done

# The clients as load, against the raw Netty server: ours and the JDK's HttpClient (CPU per request
# of the client process, pinned to core 1), our ClientConnection and the Netty load client (echo
# messages per second); interleaved rounds, medians.
declare -A CLIENT
echo "== clients: $RUNS rounds of ${SECONDS_PER_RUN}s each against the Netty server" >&2
for _ in $(seq 1 "$RUNS"); do
  for kind in simples jdk; do
    CLIENT[$kind]+="$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.ClientLoad http "$kind" "${PORT_OF[netty]}" \
      "$CONNECTIONS" "$SECONDS_PER_RUN" 2>/dev/null | tail -1 | sed 's/.*per_second=\([0-9.]*\) cpu_us=\([0-9.]*\)/\1 \2/')"$'\n'
  done
  CLIENT[ws]+="$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.ClientLoad ws "${PORT_OF[netty]}" "$WS_CONNECTIONS" \
    "$SECONDS_PER_RUN" 2>/dev/null | tail -1 | sed 's/.*per_second=\([0-9.]*\) cpu_us=\([0-9.]*\)/\1 \2/')"$'\n'
  CLIENT[netty-ws]+="$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "${PORT_OF[netty]}" "$WS_CONNECTIONS" \
    "$SECONDS_PER_RUN" 2>/dev/null | tail -1 | sed 's/.*per_second=\([0-9.]*\).*/\1 0/')"$'\n'
done
for kind in simples jdk ws netty-ws; do
  CLIENT[$kind,rate]=$(printf '%s' "${CLIENT[$kind]}" | awk '{print $1}' | median)
  CLIENT[$kind,cpu]=$(printf '%s' "${CLIENT[$kind]}" | awk '{print $2}' | median)
  echo "   client $kind: ${CLIENT[$kind,rate]} per second, ${CLIENT[$kind,cpu]} µs CPU each" >&2
done
fi # CPU_ONLY

ratio() { awk -v b="$1" -v f="$2" 'BEGIN {printf "%.2f", b / f}'; }
echo
echo "Java: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; $RUNS interleaved rounds of ${SECONDS_PER_RUN}s, medians; ratio = baseline CPU per op / framework CPU per op (median of the rounds)"
echo
echo "| test | mode | baseline ops/s | framework ops/s | baseline µs CPU/op | framework µs CPU/op | ratio | µs CPU/op ÷ Vert.x's | p99 ms baseline / framework | bytes allocated/op baseline / framework |"
echo "|---|---|---|---|---|---|---|---|---|---|"
MODES=(vertx loop virtual); [ -n "$BEFORE" ] && MODES+=(loop-before virtual-before); [ -n "$FLOOR" ] && MODES+=(netty-virtual)
[ -n "$METRICS" ] && MODES+=(loop-metrics virtual-metrics)
for mode in "${MODES[@]}"; do
  label=$(case $mode in vertx) echo "Vert.x Web 5, defaults" ;; loop) echo "event loop" ;; virtual) echo "handler threads" ;;
    loop-before) echo "event loop, $BEFORE" ;; virtual-before) echo "handler threads, $BEFORE" ;;
    netty-virtual) echo "raw Netty + our hand-off to handler threads" ;;
    loop-metrics) echo "event loop, metrics on" ;; virtual-metrics) echo "handler threads, metrics on" ;; esac)
  for test in "${TESTS[@]}"; do
    name=$test; [ $test = users ] && name="/users/:id among 100"; [ $test = ws ] && name="WS echo"
    echo "| $name | $label | ${RESULT[netty,$test,rps]} | ${RESULT[$mode,$test,rps]} | ${RESULT[netty,$test,cpu]} | ${RESULT[$mode,$test,cpu]} | $(printf '%.2f' "${RESULT[$mode,$test,ratio]}") | $(printf '%.2f' "${RESULT[$mode,$test,vertx]}") | ${RESULT[netty,$test,p99]} / ${RESULT[$mode,$test,p99]} | ${RESULT[netty,$test,alloc]} / ${RESULT[$mode,$test,alloc]} |"
  done
  [ -n "$CPU_ONLY" ] && continue
  echo "| plaintext p99 at ${RESULT[plaintext,rate]}/s, ${RESULT[plaintext,share]} of saturation (ms, lower is better) | $label | ${RESULT[netty,plaintext,half]} | ${RESULT[$mode,plaintext,half]} | | | $(ratio "${RESULT[$mode,plaintext,half]}" "${RESULT[netty,plaintext,half]}") × baseline p99 | | | |"
  echo "| WS echo p99 at ${RESULT[ws,rate]}/s, ${RESULT[ws,share]} of saturation (ms, lower is better) | $label | ${RESULT[netty,ws,half]} | ${RESULT[$mode,ws,half]} | | | $(ratio "${RESULT[$mode,ws,half]}" "${RESULT[netty,ws,half]}") × baseline p99 | | | |"
  echo "| broadcast to $IDLE (ms, lower is better) | $label | ${RESULT[netty,broadcast]} | ${RESULT[$mode,broadcast]} | | | $(ratio "${RESULT[$mode,broadcast]}" "${RESULT[netty,broadcast]}") × baseline time | | | |"
  echo "| heap per idle WebSocket (bytes) | $label | ${RESULT[netty,wsheap]} | ${RESULT[$mode,wsheap]} | | | | | | |"
  echo "| heap per live session (bytes) | $label | ${RESULT[netty,sessionheap]} | ${RESULT[$mode,sessionheap]} | | | | | | |"
done
if [ -z "$CPU_ONLY" ]; then
echo
echo "Clients against the Netty server (client process on core 1; ratio: the other's CPU per request / ours, or our messages per second / Netty's)"
echo
echo "| client | per second | µs CPU per request | ratio |"
echo "|---|---|---|---|"
echo "| simpleS Client, GET /plaintext | ${CLIENT[simples,rate]} | ${CLIENT[simples,cpu]} | $(ratio "${CLIENT[jdk,cpu]}" "${CLIENT[simples,cpu]}") × the JDK's |"
echo "| JDK HttpClient, GET /plaintext | ${CLIENT[jdk,rate]} | ${CLIENT[jdk,cpu]} | |"
echo "| simpleS ClientConnection, WS echo | ${CLIENT[ws,rate]} | ${CLIENT[ws,cpu]} | $(ratio "${CLIENT[ws,rate]}" "${CLIENT[netty-ws,rate]}") × Netty's |"
echo "| Netty load client, WS echo | ${CLIENT[netty-ws,rate]} | | |"
fi
if [ -n "$BEFORE" ]; then
  echo
  echo "Today against $BEFORE, in the same rounds: ratio now − ratio then (a drop is negative); and CPU per op then ÷ now,"
  echo "the median of each round's pair (the two servers measured a few seconds apart, no baseline between: less noise; under 1 = slower now)"
  echo
  echo "| test | event loop | handler threads | event loop, then ÷ now | handler threads, then ÷ now |"
  echo "|---|---|---|---|---|"
  for test in "${TESTS[@]}"; do
    echo "| $test | $(awk -v a="${RESULT[loop,$test,ratio]}" -v b="${RESULT[loop-before,$test,ratio]}" 'BEGIN {printf "%+.2f", a - b}') | $(awk -v a="${RESULT[virtual,$test,ratio]}" -v b="${RESULT[virtual-before,$test,ratio]}" 'BEGIN {printf "%+.2f", a - b}') | $(then_over_now loop loop-before "$test") | $(then_over_now virtual virtual-before "$test") |"
  done
  rm -rf "$BEFORE_DIR"
fi
