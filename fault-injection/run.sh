#!/usr/bin/env bash
# The fault-injection suite's long run (docs/failure-modes.md): every pattern under a seeded schedule
# of partitions, pauses, kills and full disks, then the history checker's tables.
#
#   fault-injection/run.sh --minutes 20 --seed 7 [--patterns binary-star,titanic,majordomo,clone,freelance,paranoid-pirate,peering]
#
# --minutes is the fault time per pattern; five lanes of patterns run side by side (the longest have
# two patterns), so the run takes about 2 x (minutes + 1). Needs root (network namespaces, nftables,
# tmpfs). Extra Maven arguments go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o for an offline build). Output:
# the tables on stdout, each host's history and log under fault-injection/target/faults/<pattern>/.
set -euo pipefail

minutes=20
seed=$(date +%s)
patterns=""
while [ $# -gt 0 ]; do
	case "$1" in
		--minutes) minutes="$2"; shift 2 ;;
		--seed) seed="$2"; shift 2 ;;
		--patterns) patterns="$2"; shift 2 ;;
		*) echo "usage: $0 --minutes N --seed S [--patterns a,b]" >&2; exit 2 ;;
	esac
done
if ! [[ "$minutes" =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! [[ "$seed" =~ ^-?[0-9]+$ ]]; then
	echo "--minutes must be a number and --seed an integer" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "the fault-injection suite needs root (ip netns, nft, mount)" >&2
	exit 2
fi
# the whole run is bounded: twice the fault time (two patterns per lane) plus start-up and checking
timeout_minutes=$(awk -v m="$minutes" 'BEGIN { printf "%d", 2 * m + 15 }')
cd "$(dirname "$0")/.."
echo "fault-injection: seed $seed, $minutes minute(s) of faults per pattern, bounded at $timeout_minutes minutes"
log="fault-injection/target/run-$seed.log"
mkdir -p fault-injection/target
set +e
timeout "$((timeout_minutes + 2))m" mvn -B ${MAVEN_ARGS:-} -pl fault-injection -am test -Dtest=FaultInjectionTests \
	-Dsurefire.failIfNoSpecifiedTests=false -Dfaults.minutes="$minutes" -Dfaults.seed="$seed" \
	-Dfaults.patterns="$patterns" -Dfaults.timeout="${timeout_minutes}m" > "$log" 2>&1
status=$?
set -e
grep -E '^faults|^\||^==|^  (pass|FAIL|note) ' "$log" || true
echo "full Maven output: $log"
exit $status
