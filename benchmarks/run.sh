#!/usr/bin/env bash
# Builds the benchmarks module and runs every benchmark: the starter against raw JeroMQ doing the
# same work in the same run. Writes JMH JSON to benchmarks/results/round-*/, then the ratio table
# (benchmarks/results/BENCHMARKS-table.md) and chart (benchmarks/results/benchmarks-ratios.png),
# and prints the table. See benchmarks/BENCHMARKS.md for how to read it.
#
#   benchmarks/run.sh            the full run (about 12-14 minutes on 2 cores)
#   benchmarks/run.sh --smoke    one short pass, to check everything runs (about 3 minutes)
#
# Environment (all optional): BENCH_ROUNDS (3), BENCH_WARMUPS (1), BENCH_ITERATIONS (3),
# BENCH_SECONDS (1, per iteration), MDP_REQUESTS (50000, three-process Majordomo),
# GUIDE_MDP_SCRIPT (/work/ext/guide-mdp/run-reference.sh: the Guide's reference Majordomo
# examples, kept outside this repository, run only if present; it prints lines
# "guide-<lang>-<sync|async> <requests/s>"), GUIDE_LANGS ("java"; "java python c" for all three).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/benchmarks/results"

ROUNDS="${BENCH_ROUNDS:-3}"
WARMUPS="${BENCH_WARMUPS:-1}"
ITERATIONS="${BENCH_ITERATIONS:-3}"
SECONDS_PER_ITERATION="${BENCH_SECONDS:-1}"
MDP_REQUESTS="${MDP_REQUESTS:-50000}"
GUIDE_MDP_SCRIPT="${GUIDE_MDP_SCRIPT:-/work/ext/guide-mdp/run-reference.sh}"
GUIDE_LANGS="${GUIDE_LANGS:-java}"
# BENCH_MAIN / BENCH_SIZES: JMH include patterns, to rerun a subset while working on a case
MAIN="${BENCH_MAIN:-dev.zmqspring.benchmarks.(TemplatePush|TemplateRequest|Worker|Subscriber|Proxy|Majordomo)Benchmark}"
SIZES="${BENCH_SIZES-dev.zmqspring.benchmarks.TemplatePushBenchmark.(starter|raw)Push1Thread}"
SKIP_MDP="${SKIP_MDP:-}"
if [[ "${1:-}" == "--smoke" ]]; then
	ROUNDS=1; WARMUPS=1; ITERATIONS=1; MDP_REQUESTS=2000
fi

echo "== build"
mvn -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/benchmark-classpath.txt")"

rm -rf "$OUT"/round-* "$OUT"/majordomo-processes.txt "$OUT"/guide-reference.txt
mkdir -p "$OUT"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpus: $(nproc) x $(lscpu | sed -n 's/^Model name: *//p')"
	echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
	echo "config: rounds=$ROUNDS forks=1 warmups=${WARMUPS}x${SECONDS_PER_ITERATION}s iterations=${ITERATIONS}x${SECONDS_PER_ITERATION}s -prof gc, heap 1g"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

# One fork per benchmark per round, short iterations, several rounds: on a shared 2-core machine
# the noise comes in bursts of seconds, so a ratio is taken within a round (starter and raw run
# back to back) and the median over rounds is reported.
JMH=(java -cp "$CP" org.openjdk.jmh.Main -f 1 -wi "$WARMUPS" -w "${SECONDS_PER_ITERATION}s"
	-i "$ITERATIONS" -r "${SECONDS_PER_ITERATION}s" -prof gc -foe false
	-jvmArgsAppend "-Xms1g -Xmx1g -Djava.awt.headless=true")

for ((round = 1; round <= ROUNDS; round++)); do
	dir="$OUT/round-$round"
	mkdir -p "$dir"
	echo "== round $round of $ROUNDS"
	# 100-byte cases, tcp and inproc
	"${JMH[@]}" -rf json -rff "$dir/main.json" -o "$dir/main.log" "$MAIN"
	# 1 KB and 64 KB push/pull over tcp (bytes/s)
	if [[ -n "$SIZES" ]]; then
		"${JMH[@]}" -rf json -rff "$dir/sizes.json" -o "$dir/sizes.log" -p transport=tcp -p size=1024,65536 "$SIZES"
	fi
	echo "load after round $round: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
done

if [[ -z "$SKIP_MDP" ]]; then
echo "== Majordomo, three processes"
java -cp "$CP" dev.zmqspring.benchmarks.MajordomoProcesses run "$MDP_REQUESTS" "$OUT/majordomo-processes.txt" \
	|| echo "Majordomo three-process run failed (see output above)"

if [[ -f "$GUIDE_MDP_SCRIPT" ]]; then
	echo "== the Guide's reference Majordomo ($GUIDE_LANGS), three processes, $MDP_REQUESTS requests"
	port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
	LANGS="$GUIDE_LANGS" MDP_PORT="$port" bash "$GUIDE_MDP_SCRIPT" "$MDP_REQUESTS" | tee "$OUT/guide-reference.txt" || true
else
	echo "== the Guide's reference Java Majordomo: $GUIDE_MDP_SCRIPT not present, skipped"
fi

echo "== report"
java -Djava.awt.headless=true -cp "$CP" dev.zmqspring.benchmarks.report.BenchmarkReport "$OUT"
