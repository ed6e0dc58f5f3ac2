#!/usr/bin/env bash
# Dispatch onto the UI thread, LoopBridge against the toolkit's own mechanism, in one run:
# 1,000,000 no-op callbacks from a background thread through FxEventLoop vs Platform.runLater
# (with the longest pulse gap during each) and SwingEventLoop vs EventQueue.invokeLater, and
# callLater(10 ms) lateness vs PauseTransition and javax.swing.Timer.
#
#   benchmarks/run-ui-benchmarks.sh [--rebuild]
#
# Runs JavaFX headless on Monocle and writes benchmarks/results/ui-dispatch.md; if xvfb-run is
# installed, runs once more with JavaFX on real GTK glass under Xvfb and writes
# benchmarks/results/ui-dispatch-gtk.md. Environment: JAVA_HOME, ROUNDS (5), TIMERS (300).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

pick_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [[ -n "$candidate" && -x "$candidate/bin/java" && -f "$candidate/release" ]] || continue
        local v
        v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")"
        if [[ -n "$v" ]] && (( v >= 21 )); then
            echo "$candidate"
            return
        fi
    done
    echo "run-ui-benchmarks.sh: no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm)" >&2
    exit 1
}
JAVA_HOME="$(pick_java)"
export JAVA_HOME

if [[ "${1:-}" == "--rebuild" || ! -f "$jar" ]]; then
    (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi

# run OUTPUT [java options...]
run() {
    local output="$1"
    shift
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Drounds="${ROUNDS:-5}" -Dtimers="${TIMERS:-300}" \
        "$@" -cp "$jar" dev.loopbridge.benchmarks.ui.UiDispatchBenchmark "$output" 2>&1 | grep -v '^WARNING' || true
}

if [[ "${LOOPBRIDGE_UI_BENCH_INNER:-}" == gtk ]]; then
    run "$here/results/ui-dispatch-gtk.md" -Dglass.platform=gtk -Dprism.order=sw
    exit
fi
mkdir -p "$here/results"
run "$here/results/ui-dispatch.md"
if command -v xvfb-run >/dev/null; then
    LOOPBRIDGE_UI_BENCH_INNER=gtk xvfb-run -a "${BASH_SOURCE[0]}"
fi
