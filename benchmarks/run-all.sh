#!/usr/bin/env bash
# Measures LoopBridge and the libraries users would pick instead, side by side in one run, and writes
# benchmarks/results/RESULTS.md (machine, every figure with its ratio to the peer, each target of
# issue 7 with PASS or MISS) and PNG charts in benchmarks/results/charts/.
#
#   benchmarks/run-all.sh [--quick] [--no-build]
#
#   --quick     shorter rounds and fewer samples: about 3 minutes on 2 cores (the full mode: about
#               30 minutes, the JMH core and network sets included, 3 forks each)
#   --no-build  use benchmarks/target/benchmarks.jar as it is; by default it is built first, with the
#               whole reactor (-am), so that it holds this tree's bridge modules and not whatever
#               snapshot another build installed in ~/.m2
#
# Sections, each in a JVM of its own (JavaFX starts once per JVM) and under a time limit, so that a
# section that fails or hangs is reported as such and the run goes on:
#   fx     dispatch onto the FX thread (FxEventLoop, Platform.runLater, Dispatchers.JavaFx):
#          throughput and pulse gaps, latency idle and loaded; timers (callLater, PauseTransition,
#          Timeline, ScheduledThreadPoolExecutor + runLater, Kotlin delay)
#   swing  the same on the EDT (SwingEventLoop, EventQueue.invokeLater, Dispatchers.Swing; callLater,
#          javax.swing.Timer, STPE + invokeLater, Kotlin delay)
#   net    loopback TCP echo and ping-pong: LoopBridge's default, FX and Swing loops, Netty NIO and
#          epoll, blocking sockets on virtual threads
#   conn   10,000 connections to an echo server on the FX loop (and on Netty NIO): accept rate,
#          memory per connection, pulse gaps while all exchange messages
#   pipe   1 GiB through cat (issue 18): plain Java (a thread per pipe), exec on the default and FX
#          loops, Python asyncio (pipe_asyncio.py, python3); MiB/s, ratios per round, FX pulse gap;
#          then lines per second from seq 1 5000000 read line by line, the same four ways
#   ws     WebSocket echo, 64 B and 64 KiB, one message in flight: LoopBridge (default and FX loops),
#          Netty 4.2's codec, the JDK client + Platform.runLater, clients against Node.js ws and Python
#          websockets; messages/s with 99.9% intervals, round-trip p50/p99, FX pulse gaps
#          (benchmarks/run-websocket-benchmarks.sh runs ws and wsidle alone)
#   wsidle 10,000 idle WebSockets on the FX loop: heap per socket
#   jmh    (full mode only) the JMH core and network sets, run-core/run-network-benchmarks.sh, with
#          fewer iterations; results in results/run-all-{core,network}-jmh.*
# JavaFX runs headless on Monocle. Logs of each section: benchmarks/results/logs/.
# Environment: JAVA_HOME (a JDK 21+, else the newest under /usr/lib/jvm); PROFILE=1 records a JFR
# profile of each section in the logs folder; CONNECTIONS (10000).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=run-common.sh
source "$here/run-common.sh"
raise_group_priority

mode=full
build=true
for arg in "$@"; do
    case "$arg" in
        --quick) mode=quick ;;
        --no-build) build=false ;;
        --rebuild) build=true ;;
        *) echo "usage: benchmarks/run-all.sh [--quick] [--no-build] (unknown argument: $arg)" >&2; exit 2 ;;
    esac
done

export JAVA_HOME
JAVA_HOME="$(select_jdk)"
java="$JAVA_HOME/bin/java"
jar="$here/target/benchmarks.jar"
results="$here/results"
raw="$results/raw"
logs="$results/logs"
start=$SECONDS

if [[ "$build" == true || ! -f "$jar" ]]; then
    echo "building $jar"
    (cd "$root" && { ./mvnw -B -q -o -pl benchmarks -am package -DskipTests 2>/dev/null \
        || ./mvnw -B -q -pl benchmarks -am package -DskipTests; }) || { echo "the build failed" >&2; exit 1; }
fi

rm -rf "$raw" "$logs" "$results/charts"
mkdir -p "$raw" "$logs" "$results/charts"

# 10,000 connections need 10,000 descriptors in the server's process (the clients run in another).
hard="$(ulimit -Hn)"
if [[ "$hard" == unlimited ]] || (( hard > 1048576 )); then hard=1048576; fi
ulimit -Sn "$hard" 2>/dev/null || true

machine="$raw/machine.tsv"
{
    printf 'machine.mode\t%s\n' "$mode"
    printf 'machine.date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M')"
    printf 'machine.cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
    printf 'machine.cores\t%s\n' "$(nproc 2>/dev/null || echo '?')"
    printf 'machine.memory\t%s\n' "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    printf 'machine.os\t%s\n' "$(uname -sr)"
    printf 'machine.commit\t%s\n' "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null)$(cd "$root" && git diff --quiet HEAD -- bridge-core bridge-javafx bridge-swing bridge-web benchmarks/src 2>/dev/null || echo ' (with uncommitted changes)')"
    printf 'machine.jdk\t%s\n' "$("$java" -version 2>&1 | head -n 1) ($JAVA_HOME)"
    printf 'machine.ulimit\t%s (hard %s)\n' "$(ulimit -Sn)" "$(ulimit -Hn)"
    printf 'machine.load.before\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
} > "$machine"
echo "LoopBridge benchmarks, $mode mode; JDK $JAVA_HOME; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The Node.js ws echo peer of the WebSocket section (pinned; installed into bridge-web/target/ws-peers).
ws_module="$(ws_peer_module "$root")"
jvm=(--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -Xms512m -Xmx2g "-Dws.module=$ws_module")

# run_section NAME SECONDS command...: runs one section under a time limit and records its status.
run_section() {
    local name="$1" limit="$2"
    shift 2
    local t0=$SECONDS status
    echo "== $name (at most ${limit} s)"
    timeout --kill-after=15 "$limit" "$@" > "$logs/$name.log" 2>&1
    status=$?
    local text=ok
    if (( status == 124 || status == 137 )); then
        text="TIMED OUT after $limit s"
    elif (( status != 0 )); then
        text="FAILED (exit status $status; see logs/$name.log)"
    fi
    grep -E '^  [a-z]' "$logs/$name.log" | grep -v -E '^  at ' || true
    echo "   $name: $text in $((SECONDS - t0)) s"
    printf 'section.%s.status\t%s\nsection.%s.seconds\t%s\n' "$name" "$text" "$name" "$((SECONDS - t0))" \
        >> "$raw/sections.tsv"
}

# java_section NAME SECONDS MAIN ARGS...: a section in a JVM of its own.
java_section() {
    local name="$1" limit="$2" main="$3"
    shift 3
    local profile=()
    if [[ "${PROFILE:-}" == 1 ]]; then
        profile=("-XX:StartFlightRecording=filename=$logs/$name.jfr,settings=profile")
    fi
    run_section "$name" "$limit" "$java" "${jvm[@]}" ${profile[@]+"${profile[@]}"} -cp "$jar" \
        "dev.loopbridge.benchmarks.e2e.$main" "$@"
}

if [[ "$mode" == quick ]]; then
    limits=(180 180 300 300 240 300 300)
else
    limits=(600 600 720 480 360 600 300)
fi
java_section fx "${limits[0]}" DispatchSection fx "$raw/fx.tsv" "$mode"
java_section swing "${limits[1]}" DispatchSection swing "$raw/swing.tsv" "$mode"
java_section net "${limits[2]}" NetSection "$raw/net.tsv" "$mode"
java_section conn "${limits[3]}" ManySection "$raw/conn.tsv" "$mode" "${CONNECTIONS:-10000}"
java_section pipe "${limits[4]}" PipeSection "$raw/pipe.tsv" "$mode" "$here/pipe_asyncio.py"
java_section ws "${limits[5]}" WsSection "$raw/ws.tsv" "$mode"
java_section wsidle "${limits[6]}" WsIdleSection "$raw/wsidle.tsv" "$mode" "${CONNECTIONS:-10000}"
if [[ "$mode" == full ]]; then
    # The JMH sets (core: callSoon, timers vs a one-thread ScheduledThreadPoolExecutor, futures vs
    # CompletableFuture, stream reads vs Netty's frame decoders; network: echo and ping-pong vs
    # Netty). Three forks of six short iterations each: a JVM's layout and JIT decisions move a score
    # more than its iterations do, and a ratio is reported as a verdict only when its whole 99.9%
    # interval is on one side of 1 (PeerComparison).
    export FORKS=3 WARMUP_ITERATIONS=2 WARMUP_TIME=1s ITERATIONS=6 ITERATION_TIME=500ms
    # Their results go to results/run-all-*-jmh.*, beside (not over) those of the scripts run alone.
    run_section jmh-core 1500 env RESULTS_NAME=run-all-core-jmh "$here/run-core-benchmarks.sh"
    run_section jmh-network 600 env RESULTS_NAME=run-all-network-jmh "$here/run-network-benchmarks.sh"
fi

elapsed=$((SECONDS - start))
{
    printf 'machine.load.after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    printf 'machine.duration\t%dm%02ds\n' $((elapsed / 60)) $((elapsed % 60))
} >> "$machine"
run_section report 180 "$java" "${jvm[@]}" -cp "$jar" dev.loopbridge.benchmarks.e2e.Report \
    "$raw" "$results/RESULTS.md" "$results/charts"
cat "$logs/report.log" | grep -v '^WARNING' || true
echo "total time: $(( (SECONDS - start) / 60 ))m$(( (SECONDS - start) % 60 ))s; results in $results/RESULTS.md"
sed -n '/^## Targets/,/targets met/p' "$results/RESULTS.md"
