#!/usr/bin/env bash
# Builds the benchmarks module and runs every benchmark: the starter against raw JeroMQ doing the
# same work in the same run. Writes JMH JSON to benchmarks/results/jmh/, then the ratio table
# (benchmarks/results/BENCHMARKS-table.md) and chart (benchmarks/results/benchmarks-ratios.png),
# and prints the table. See benchmarks/BENCHMARKS.md for how to read it.
#
#   benchmarks/run.sh            the full run (about 13 minutes on 2 cores, then 8 minutes for the scaling step on a
#                                quiet machine, about 20 under load, most of it Titanic's million stored requests)
#   benchmarks/run.sh --smoke    one short pass, to check everything runs (about 3 minutes, scaling about 7 more)
#
# The scaling step (issue 34; dev.zmqspring.benchmarks.scaling.Scaling, one JVM per series) writes
# results/scaling/*.tsv, results/scaling/memory.md and results/scaling/topics.json; the report turns
# them into results/scaling-table.md and results/scaling.png. SKIP_JMH=1 skips the JMH ratio cases,
# SKIP_MDP=1 the three-process Majordomo runs, SKIP_PLAIN=1 the plain-application worker,
# SKIP_SCALING=1 the scaling step; SCALING_SERIES lists the series to run (default all:
# mdp-workers mdp-services mdp-clients lb-workers pp-workers lvc titanic clone-snapshot
# clone-writers clone-maps memory, plus the JMH subscriber-topics series).
#
# Environment (all optional): BENCH_FORKS (2), BENCH_LISTENER_FORKS (4: the PULL worker and subscriber
# cases, whose pair ratios spread the most, get twice the samples), BENCH_WARMUPS (2), BENCH_LISTENER_WARMUPS
# (4: two per side; with one, the JIT was still recompiling the shared JeroMQ receive path during
# the first measured iteration, always a starter one), BENCH_ITERATIONS (10, must be
# even: starter and raw alternate), BENCH_SECONDS (1, per iteration), MDP_REQUESTS (20000, Majordomo three-process runs, ours and the Guide's),
# BENCH_OUT (benchmarks/results), BENCH_CP_PREPEND (classpath entries placed before every dependency,
# for experiments such as a patched JeroMQ class; also exported as PATCH_CP to the Guide's script),
# PLAIN_PAIRS (21: single pairs at saturation range from 0.5x to 1.5x, five gave medians 0.07 apart) and
# PLAIN_MESSAGES (1000000): the plain-application PULL worker (PlainApplicationWorker),
# GUIDE_MDP_SCRIPT (unset: skipped; a script of yours that runs the Guide's reference Majordomo
# examples, which are not part of this repository: see "The Guide's reference Majordomo" in
# benchmarks/BENCHMARKS.md for how it is called and what it must print), GUIDE_LANGS ("java";
# "java python c" for all three).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-$ROOT/benchmarks/results}"

FORKS="${BENCH_FORKS:-2}"
LISTENER_FORKS="${BENCH_LISTENER_FORKS:-4}"
WARMUPS="${BENCH_WARMUPS:-2}"
LISTENER_WARMUPS="${BENCH_LISTENER_WARMUPS:-4}"
ITERATIONS="${BENCH_ITERATIONS:-10}"
SECONDS_PER_ITERATION="${BENCH_SECONDS:-1}"
MDP_REQUESTS="${MDP_REQUESTS:-20000}"
GUIDE_MDP_SCRIPT="${GUIDE_MDP_SCRIPT:-}"
GUIDE_LANGS="${GUIDE_LANGS:-java}"
# BENCH_MAIN / BENCH_LISTENERS / BENCH_SIZES / BENCH_TOPICS: JMH include patterns, to rerun a subset while working on a
# case (an empty BENCH_LISTENERS, BENCH_SIZES or BENCH_TOPICS skips that part)
MAIN="${BENCH_MAIN:-dev.zmqspring.benchmarks.(TemplatePush|TemplateRequest|RepWorker|Proxy|Majordomo|Broker|Curve)Benchmark}"
LISTENERS="${BENCH_LISTENERS-dev.zmqspring.benchmarks.(Worker|Subscriber)Benchmark}"
SIZES="${BENCH_SIZES-dev.zmqspring.benchmarks.TemplatePushBenchmark.push1Thread}"
TOPICS="${BENCH_TOPICS-dev.zmqspring.listener.SubscriberTopicsBenchmark}"
SKIP_MDP="${SKIP_MDP:-}"
SKIP_JMH="${SKIP_JMH:-}"
SKIP_PLAIN="${SKIP_PLAIN:-}"
SKIP_SCALING="${SKIP_SCALING:-}"
SCALING_SERIES="${SCALING_SERIES:-mdp-workers mdp-services mdp-clients lb-workers pp-workers lvc titanic clone-snapshot clone-writers clone-maps memory subscriber-topics}"
SMOKE=""
PLAIN_PAIRS="${PLAIN_PAIRS:-21}"
PLAIN_MESSAGES="${PLAIN_MESSAGES:-1000000}"
if [[ "${1:-}" == "--smoke" ]]; then
	FORKS=1; LISTENER_FORKS=1; WARMUPS=2; LISTENER_WARMUPS=2; ITERATIONS=2; MDP_REQUESTS=2000; PLAIN_PAIRS=2
	SMOKE="--smoke"
fi

echo "== build"
mvn -o -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/benchmark-classpath.txt")"
if [[ -n "${BENCH_CP_PREPEND:-}" ]]; then
	# experiments only: classes that shadow the dependencies (e.g. a patched zmq.Signaler, see BENCHMARKS.md)
	CP="$BENCH_CP_PREPEND:$CP"
	export PATCH_CP="$BENCH_CP_PREPEND"
fi

# each step clears only what it writes, so that a partial run (SKIP_*) keeps the other results
[[ -z "$SKIP_JMH" ]] && rm -rf "$OUT"/jmh "$OUT"/round-*
[[ -z "$SKIP_PLAIN" ]] && rm -f "$OUT"/plain-application.txt
[[ -z "$SKIP_MDP" ]] && rm -f "$OUT"/majordomo-processes.txt "$OUT"/majordomo-processes-batch.txt "$OUT"/relay-processes.txt "$OUT"/guide-reference.txt
[[ -z "$SKIP_SCALING" ]] && rm -rf "$OUT"/scaling "$OUT"/scaling-table.md "$OUT"/scaling.png
mkdir -p "$OUT/jmh"
# machine.txt describes the JMH run; the scaling step writes its own (scaling/machine.txt)
[[ -n "$SKIP_JMH" ]] || {
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpus: $(nproc) x $(lscpu | sed -n 's/^Model name: *//p')"
	echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
	echo "config: forks=$FORKS (listener cases $LISTENER_FORKS) warmups=${WARMUPS}x${SECONDS_PER_ITERATION}s (listener cases $LISTENER_WARMUPS) iterations=${ITERATIONS}x${SECONDS_PER_ITERATION}s -prof gc, heap 1g"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	# SCHED_OTHER by default; `chrt -b 0 benchmarks/run.sh` runs every process of the run as SCHED_BATCH (BENCHMARKS.md)
	policy="$(chrt -p $$ 2>/dev/null | sed -n '1s/.*policy: //p')"
	echo "scheduling policy: ${policy:-unknown}"
} > "$OUT/machine.txt"

# Each paired benchmark keeps starter and raw open in one JVM and alternates them by iteration
# (starter, raw, raw, starter, ...): on a shared 2-core machine the noise comes in bursts of
# seconds, so only iterations a second apart are compared (see Alternation and BENCHMARKS.md).
JMH=(java -cp "$CP" org.openjdk.jmh.Main -w "${SECONDS_PER_ITERATION}s"
	-i "$ITERATIONS" -r "${SECONDS_PER_ITERATION}s" -prof gc -foe false
	-jvmArgsAppend "-Xms1g -Xmx1g -Djava.awt.headless=true")

if [[ -z "$SKIP_JMH" ]]; then
echo "== JMH: 100-byte cases, tcp and inproc"
"${JMH[@]}" -wi "$WARMUPS" -f "$FORKS" -rf json -rff "$OUT/jmh/main.json" -o "$OUT/jmh/main.log" "$MAIN"
if [[ -n "$LISTENERS" ]]; then
	echo "== JMH: listener cases (100 bytes, tcp), $LISTENER_FORKS forks"
	"${JMH[@]}" -wi "$LISTENER_WARMUPS" -f "$LISTENER_FORKS" -rf json -rff "$OUT/jmh/listeners.json" -o "$OUT/jmh/listeners.log" "$LISTENERS"
fi
if [[ -n "$SIZES" ]]; then
	echo "== JMH: 1 KB and 64 KB push/pull over tcp"
	"${JMH[@]}" -wi "$WARMUPS" -f "$FORKS" -rf json -rff "$OUT/jmh/sizes.json" -o "$OUT/jmh/sizes.log" -p transport=tcp -p size=1024,65536 "$SIZES"
fi
echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

if [[ -z "$SKIP_MDP" ]]; then
	echo "== Majordomo, three processes, $MDP_REQUESTS requests"
	java -cp "$CP" dev.zmqspring.benchmarks.MajordomoProcesses run "$MDP_REQUESTS" "$OUT/majordomo-processes.txt" \
		|| echo "Majordomo three-process run failed (see output above)"
	echo "== Majordomo, three processes, zmq.io-thread-scheduling=batch (JeroMQ's I/O threads SCHED_BATCH), $MDP_REQUESTS requests"
	java -Dzmq.io-thread-scheduling=batch -cp "$CP" dev.zmqspring.benchmarks.MajordomoProcesses run "$MDP_REQUESTS" \
		"$OUT/majordomo-processes-batch.txt" || echo "Majordomo three-process run with batch I/O threads failed (see output above)"
	echo "== raw JeroMQ relay sending Majordomo's frames (the floor), three processes, $MDP_REQUESTS requests"
	java -cp "$CP" dev.zmqspring.benchmarks.RelayProcesses run "$MDP_REQUESTS" "$OUT/relay-processes.txt" \
		|| echo "Raw relay three-process run failed (see output above)"
	if [[ -n "$GUIDE_MDP_SCRIPT" && -f "$GUIDE_MDP_SCRIPT" ]]; then
		echo "== the Guide's reference Majordomo ($GUIDE_LANGS), three processes, $MDP_REQUESTS requests"
		port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
		LANGS="$GUIDE_LANGS" MDP_PORT="$port" bash "$GUIDE_MDP_SCRIPT" "$MDP_REQUESTS" | tee "$OUT/guide-reference.txt" || true
	else
		echo "== the Guide's reference Majordomo: skipped (set GUIDE_MDP_SCRIPT to a script that runs it, see BENCHMARKS.md)"
	fi
fi

if [[ -z "$SKIP_PLAIN" ]]; then
	echo "== the PULL worker in a plain application (no JMH), $PLAIN_PAIRS pairs of $PLAIN_MESSAGES messages"
	java -Xmx1g -cp "$CP" dev.zmqspring.benchmarks.PlainApplicationWorker "$PLAIN_PAIRS" "$PLAIN_MESSAGES" 100 | tee "$OUT/plain-application.txt"
fi

if [[ -z "$SKIP_SCALING" ]]; then
	# one JVM per series: a series' threads, sockets and heap never weigh on the next (BENCHMARKS.md, "Scaling")
	mkdir -p "$OUT/scaling"
	echo "scaling step: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/scaling/machine.txt"
	for series in $SCALING_SERIES; do
		echo "== scaling: $series"
		started=$(date +%s)
		case "$series" in
			subscriber-topics)
				if [[ -n "$TOPICS" ]]; then
					# the machine is shared: another JMH run's lock must not fail the step
					java -Djmh.ignoreLock=true "${JMH[@]:1}" -wi "$WARMUPS" -f 1 -rf json -rff "$OUT/scaling/topics.json" -o "$OUT/scaling/topics.log" \
						"$TOPICS.envelope" || echo "scaling series $series failed"
				fi ;;
			clone-snapshot)
				# a fixed heap: the snapshot's cost at a million keys is partly GC, which a growing heap makes vary
				java -Xms4g -Xmx4g -cp "$CP" dev.zmqspring.benchmarks.scaling.Scaling "$series" "$OUT" $SMOKE \
					|| echo "scaling series $series failed (see output above)" ;;
			memory)
				java -Xms768m -Xmx768m -XX:+AlwaysPreTouch -cp "$CP" dev.zmqspring.benchmarks.scaling.Scaling "$series" "$OUT" $SMOKE \
					|| echo "scaling series $series failed (see output above)" ;;
			*)
				java -Xmx3g -cp "$CP" dev.zmqspring.benchmarks.scaling.Scaling "$series" "$OUT" $SMOKE \
					|| echo "scaling series $series failed (see output above)" ;;
		esac
		echo "$series: $(( $(date +%s) - started )) s" >> "$OUT/scaling/machine.txt"
	done
	echo "load average after the scaling step: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/scaling/machine.txt"
fi

echo "== report"
java -Djava.awt.headless=true -cp "$CP" dev.zmqspring.benchmarks.report.BenchmarkReport "$OUT" ${SKIP_JMH:+--scaling-only}
