#!/usr/bin/env bash
# LoopChat's soak run (not in CI): its embedded server as a child process, SIGKILLed and started
# again on the same port every RESTART minutes, and CLIENTS LoopChat ChatClients (headless, two
# default loops) that join two channels each and say a line every MESSAGE seconds on average —
# queued while the server is down, as typed. Every line is tracked from the sender's queue to the
# receivers: the run reports lines queued, delivered, repeated and LOST, and samples every SAMPLE
# seconds heap after GC, threads, descriptors, the server's RSS / descriptors / threads, clients
# connected, deliveries per second, delivery latency and loop lag into a TSV, plotted as a PNG.
#
#   benchmarks/loopchat-soak.sh [MINUTES (60)] [SAMPLE (5)] [RESTART (5)] [CLIENTS (200)] [MESSAGE (20)] [OUT_DIR]
#   benchmarks/loopchat-soak.sh --no-build ...   # use benchmarks/target/benchmarks.jar as it is
#
# OUT_DIR defaults to benchmarks/results/loopchat-soak. Writes there loopchat-soak.tsv, .png,
# -summary.txt (the figures), -server.log (the server's output) and -gc.log (the driver's GC
# pauses). Exits non-zero when a line was lost, a restart left a client behind or a loop reported
# an error (docs/SOAK.md says what counts as lost). Run it under `nice -n 19` on a shared machine.
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
sample="${2:-5}"
restart="${3:-5}"
clients="${4:-200}"
message="${5:-20}"
out="${6:-$here/results/loopchat-soak}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

JAVA_HOME="$(select_jdk)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
jar="$here/target/benchmarks.jar"
if (( build )) || [[ ! -f "$jar" ]]; then
    (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests) || { echo "the build failed" >&2; exit 1; }
fi

commit="$(cd "$root" && git rev-parse --short HEAD)"   # what ran, even if HEAD moves meanwhile
# The run uses a copy of the jar: a rebuild during the hour must not pull it from under the server
# restarts (each starts a JVM on it).
copy="$(mktemp --suffix=.jar)"
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
jar="$copy"

echo "loopchat soak: $minutes min, $clients clients, server restarted every $restart min, a line every" \
     "$message s per client, a sample every $sample s, into $out (load before: $(cat /proc/loadavg))"
status=0
java -Xmx1g "-Xlog:gc:file=$out/loopchat-soak-gc.log" -cp "$jar" dev.loopbridge.benchmarks.soak.LoopChatSoak "$minutes" "$sample" "$restart" "$clients" \
    "$message" "$out/loopchat-soak.tsv" || status=$?
java -Djava.awt.headless=true -cp "$jar" dev.loopbridge.benchmarks.soak.SoakPlot "$out/loopchat-soak.tsv" \
    "$out/loopchat-soak.png" "LoopChat soak: $clients clients, $minutes min, server killed every $restart min,\
 $(date -u +%Y-%m-%d), commit $commit"
echo "loopchat soak: wrote $out/loopchat-soak.tsv, .png and -summary.txt (exit $status)"
exit "$status"
