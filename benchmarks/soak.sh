#!/usr/bin/env bash
# A soak run (not in CI): one default loop under a mixed load — repeating and cancelled timers,
# callSoon floods from the loop and from another thread, 20 TCP line-echo and 10 WebSocket echo
# clients that reconnect every few hundred round trips, a `cat` subprocess every 500 ms — sampled
# every SAMPLE seconds (heap after GC, threads, open descriptors, LoopStats lag p99 and longest
# tick, counters) into a TSV, then plotted as an SVG. A leak shows as a line that climbs.
#
#   benchmarks/soak.sh [MINUTES (60)] [SAMPLE_SECONDS (10)] [OUT_DIR (benchmarks/results/soak)]
#   benchmarks/soak.sh --no-build ...   # use benchmarks/target/benchmarks.jar as it is
#
# Writes OUT_DIR/soak.tsv and OUT_DIR/soak.svg; exits non-zero if the loop reported any error.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=run-common.sh
source "$here/run-common.sh"

build=1
if [[ "${1:-}" == "--no-build" ]]; then
    build=0
    shift
fi
minutes="${1:-60}"
sample="${2:-10}"
out="${3:-$here/results/soak}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

JAVA_HOME="$(select_jdk)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
jar="$here/target/benchmarks.jar"
if (( build )) || [[ ! -f "$jar" ]]; then
    (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests) || { echo "the build failed" >&2; exit 1; }
fi

echo "soak: $minutes min, a sample every $sample s, into $out (load before: $(cat /proc/loadavg))"
status=0
java -Xmx256m -cp "$jar" dev.loopbridge.benchmarks.soak.Soak "$minutes" "$sample" "$out/soak.tsv" || status=$?
echo "soak: load after: $(cat /proc/loadavg)"
java -cp "$jar" dev.loopbridge.benchmarks.soak.SoakPlot "$out/soak.tsv" "$out/soak.svg" \
    "LoopBridge soak: $minutes min, $(date -u +%Y-%m-%d), commit $(cd "$root" && git rev-parse --short HEAD)"
echo "soak: wrote $out/soak.tsv and $out/soak.svg"
exit "$status"
