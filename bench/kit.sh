#!/usr/bin/env bash
# The test kit's speed-up (README, "Test it"): 1 000 sequential requests and 1 000 sequential
# WebSocket echoes through simples-test in process, then over a real socket (port 0), with our
# client and the same server in one JVM; 7 rounds, medians and their ratio. About a minute.
# ROUNDS and COUNT change the rounds and the requests per round.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java.sh
source bench/lib.sh
build_bench
"$JAVA" -cp "$JAR" io.simples.bench.KitLoad "${ROUNDS:-7}" "${COUNT:-1000}"
