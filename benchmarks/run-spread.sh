#!/usr/bin/env bash
# The dispatch section of run-all.sh, run again and again (a JVM each), and DISPATCH-SPREAD.md
# written from every run: each dispatch ratio's and each latency p99's lowest, median and highest,
# and how many runs met the targets. One run of a dispatch figure says little on a 2-core machine.
#
#   benchmarks/run-spread.sh [RUNS] [--no-build]     # RUNS: 8 by default; about 1.5 minutes a run
#   MODE=quick benchmarks/run-spread.sh 1             # fewer rounds and samples, to try the script
#
# Writes benchmarks/results/DISPATCH-SPREAD.md and keeps each run's figures in results/spread/.
# Run it on a quiet machine (the load average is recorded).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=run-common.sh
source "$here/run-common.sh"
raise_group_priority

runs="${1:-8}"
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "run-spread.sh: RUNS must be a number, not '$runs'" >&2; exit 2; }
JAVA_HOME="$(select_jdk)"
java="$JAVA_HOME/bin/java"
jar="$here/target/benchmarks.jar"
if [[ "${2:-}" != --no-build ]]; then
    (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests) || { echo "the build failed" >&2; exit 1; }
fi
out="$here/results/spread"
rm -rf "$out"
mkdir -p "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/load.txt"
for i in $(seq 1 "$runs"); do
    for toolkit in fx swing; do
        echo "== run $i of $runs: $toolkit"
        timeout --kill-after=15 420 "$java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
            -Xms512m -Xmx2g -Dparts=dispatch,latency -cp "$jar" dev.loopbridge.benchmarks.e2e.DispatchSection \
            "$toolkit" "$out/$toolkit-$i.tsv" "${MODE:-full}" > "$out/$toolkit-$i.log" 2>&1 \
            || echo "   run $i of $toolkit failed: see $out/$toolkit-$i.log"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
commit="$(cd "$root" && git rev-parse --short HEAD)"
"$java" -cp "$jar" dev.loopbridge.benchmarks.e2e.Spread "$out" "$here/results/DISPATCH-SPREAD.md" "$commit" \
    && { printf '\n%s\n' "$(cat "$out/load.txt" | tr '\n' ';')" >> "$here/results/DISPATCH-SPREAD.md"; \
         echo "wrote $here/results/DISPATCH-SPREAD.md"; }
