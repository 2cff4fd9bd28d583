# Sourced by the bench scripts (run.sh, before.sh, transport.sh, h2.sh): wrk installed, a server's CPU time, medians,
# a server's warm-up, one wrk or WebSocket echo round against a server they started (PID, PORT_OF, JAR_OF, MAIN are theirs).
# A server's JVM gets JVM and its own FLAGS; its mode argument is MODE (loop or virtual), else
# its name without "-before".
declare -A PID PORT_OF FLAGS MODE COOKIE

# builds the bench jar (tests skipped) and sets JAR to it
build_bench() {
  echo "building (mvn package, tests skipped)" >&2
  mvn -B -ntp -q -DskipTests package -pl bench -am >&2
  JAR=bench/target/simples-bench.jar
}

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "installing wrk" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  fi
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
to_ms() { awk '{v = $1; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; printf "%.2f\n", v}'; }

# builds the bench jar of a git revision in a worktree (tests skipped); sets BEFORE_JAR, in BEFORE_DIR
# (the caller removes that directory when done)
build_before() { # revision
  git worktree prune
  BEFORE_DIR=$(mktemp -d)
  echo "building $1 in a worktree (mvn package, tests skipped)" >&2
  git worktree add -q --detach "$BEFORE_DIR/tree" "$1"
  (cd "$BEFORE_DIR/tree" && mvn -B -ntp -q -DskipTests package -pl bench -am >&2)
  cp "$BEFORE_DIR/tree/bench/target/simples-bench.jar" "$BEFORE_DIR/before.jar"
  git worktree remove --force "$BEFORE_DIR/tree"
  BEFORE_JAR=$BEFORE_DIR/before.jar
}

start_server() { # name, port
  local name=$1 port=$2
  local flags
  read -ra flags <<< "${FLAGS[$name]:-}"
  taskset -c 0 "$JAVA" "${JVM[@]}" "${flags[@]}" -cp "${JAR_OF[$name]}" "${MAIN[$name]}" "$port" "${MODE[$name]:-${name%-before}}" > "/tmp/simples-bench-$name.log" 2>&1 &
  PID[$name]=$!
  PORT_OF[$name]=$port
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null 2>&1 && return
    sleep 0.2
  done
  echo "$name did not start: $(cat "/tmp/simples-bench-$name.log")" >&2; exit 1
}

# one wrk run: prints "requests_per_second cpu_us_per_request p99_ms"
allocated() { curl -sf "http://127.0.0.1:${PORT_OF[$1]}/allocated"; } # bytes the server has allocated so far

wrk_run() { # server, url, extra wrk args...: prints "ops_per_second cpu_us_per_op p99_ms bytes_allocated_per_op"
  local name=$1 url=$2; shift 2
  local before after out requests rps p99 alloc_before alloc_after
  alloc_before=$(allocated "$name")
  before=$(cpu_ticks "${PID[$name]}")
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url")
  after=$(cpu_ticks "${PID[$name]}")
  alloc_after=$(allocated "$name")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}' | to_ms)
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $url" >&2; echo "$out" >&2; exit 1; fi
  awk -v r="$requests" -v rps="$rps" -v t=$((after - before)) -v clk="$CLK" -v p="$p99" -v a=$((alloc_after - alloc_before)) \
    'BEGIN {printf "%.0f %.2f %s %.0f\n", rps, t * 1e6 / clk / r, p, a / r}'
}

# one WebSocket echo run: prints "messages_per_second cpu_us_per_message p99_ms"; the load client
# reads the server's CPU time itself, around its measured seconds only (after its own JIT warm-up)
ws_run() { # server
  local name=$1 out
  out=$(taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "${PORT_OF[$name]}" "$WS_CONNECTIONS" "$SECONDS_PER_RUN" \
    "${PID[$name]}" 2>/dev/null | tail -1)
  echo "$out" | awk -v clk="$CLK" -F'[= ]' '{printf "%.0f %.2f %.3f %.0f\n", $4, $10 * 1e6 / clk / $2, $8 / 1000, $12 / $2}'
}

# one session per server, warm-up included: without its cookie every request would make a new session,
# a million of them by the end of the warm-up, and a store that sweeps its sessions (Vert.x's
# LocalSessionStore does, every second) could charge that sweep to every later row
take_cookie() { # server: sets COOKIE[server] to "name=value"
  COOKIE[$1]=$(curl -s -D - -o /dev/null "http://127.0.0.1:${PORT_OF[$1]}/session" | tr -d '\r' \
    | awk 'tolower($0) ~ /^set-cookie: / {sub(/^[^:]*: */, ""); sub(/;.*/, ""); print; exit}')
}

# warm-up: rounds of every endpoint until the JIT has settled (its compiler threads used under 2 %
# of the last round), WARMUP seconds at least and three times that at most
jit_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/\((C1|C2) Compiler/ {sub(/^.*\) /, ""); s += $12 + $13} END {print s + 0}'; }
warm_up() { # server
  local name=$1 spent=0 before jit endpoint
  local round=$((WARMUP * 5 / 8)) # seconds: four HTTP endpoints and the WebSocket echo, WARMUP / 8 each
  while :; do
    before=$(jit_ticks "${PID[$name]}")
    for endpoint in plaintext json users/42 session; do
      taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 8))s" -H "Cookie: ${COOKIE[$name]}" \
        "http://127.0.0.1:${PORT_OF[$name]}/$endpoint" >/dev/null
    done
    taskset -c 1 "$JAVA" -cp "$JAR" io.simples.bench.WsLoad echo "${PORT_OF[$name]}" "$WS_CONNECTIONS" "$((WARMUP / 8))" >/dev/null 2>&1
    spent=$((spent + round))
    jit=$((($(jit_ticks "${PID[$name]}") - before) * 100 / CLK / round))
    echo "== $name: warmed up ${spent}s; the JIT compilers used ${jit} % of a core in the last ${round}s" >&2
    if [ "$spent" -ge "$WARMUP" ] && [ "$jit" -lt 2 ]; then break; fi
    if [ "$spent" -ge $((WARMUP * 3)) ]; then echo "   (still compiling; measuring anyway)" >&2; break; fi
  done
}

# a change's cost from samples taken in the same rounds (SAMPLES[server,test], measure's lines): the
# median of the rounds' CPU per op then ÷ now (under 1: now costs more)
then_over_now() { # now, then, test
  paste <(printf '%s' "${SAMPLES[$2,$3]}" | awk '{print $2}') <(printf '%s' "${SAMPLES[$1,$3]}" | awk '{print $2}') \
    | awk '{printf "%.4f\n", $1 / $2}' | median | awk '{printf "%.3f", $1}'
}

# one measured round of a test (plaintext, json, users, session, ws) against a server: wrk_run's or ws_run's line
measure() { # server, test
  local name=$1 test=$2
  local url="http://127.0.0.1:${PORT_OF[$name]}/${test/#users/users\/42}"
  case $test in
    session) wrk_run "$name" "$url" -H "Cookie: ${COOKIE[$name]}" ;;
    ws) ws_run "$name" ;;
    *) wrk_run "$name" "$url" ;;
  esac
}
