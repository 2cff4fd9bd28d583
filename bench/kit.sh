#!/usr/bin/env bash
# The test kit's speed-up (README, "Test it"): 1 000 sequential requests and 1 000 sequential
# WebSocket echoes through simples-test in process, then over a real socket (port 0), with our
# client and the same server. Each transport runs in a JVM of its own, as a test suite uses one
# (in one JVM, the other transport's classes on the same call sites made the socket's rounds up to
# twice as slow): RUNS pairs of JVMs, in process then socket, each 20 s of warm-up then ROUNDS
# rounds; prints each JVM's medians (ms), then the median of them per transport and their ratio.
# About 4 minutes with the defaults (RUNS=3, ROUNDS=7, COUNT=1000).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java.sh
source bench/lib.sh
build_bench
RUNS=${RUNS:-3}
results=$(mktemp)
for _ in $(seq 1 "$RUNS"); do
  for transport in IN_PROCESS SOCKET; do
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.simples.bench.KitLoad "${ROUNDS:-7}" "${COUNT:-1000}" "$transport" \
      | grep '^median' | tee -a "$results"
  done
done
awk -v count="${COUNT:-1000}" '
  function median(list, n,   sorted, i, j, t) {
    for (i = 1; i <= n; i++) sorted[i] = list[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
    return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
  $2 == "IN_PROCESS" { ih[++ni] = $4; iw[ni] = $6 }
  $2 == "SOCKET" { sh[++ns] = $4; sw[ns] = $6 }
  END {
    printf "%d sequential requests: in process %.1f ms, socket %.1f ms: socket/in-process %.2f\n", count, median(ih, ni), median(sh, ns), median(sh, ns) / median(ih, ni)
    printf "%d sequential WebSocket echoes: in process %.1f ms, socket %.1f ms: socket/in-process %.2f\n", count, median(iw, ni), median(sw, ns), median(sw, ns) / median(iw, ni)
  }' "$results"
rm -f "$results"
