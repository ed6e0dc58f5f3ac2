#!/usr/bin/env bash
# Runs the WebSocket sections of the end-to-end run alone, then rewrites results/RESULTS.md from
# every section's raw figures (those of the other sections stay those of the last run-all.sh, and
# the WebSocket section of RESULTS.md gives its own date and load average).
#
#   benchmarks/run-websocket-benchmarks.sh [--quick] [--no-build]
#   WS_IN_FLIGHT=16 benchmarks/run-websocket-benchmarks.sh   # 16 messages in flight, not 1
#
# Sections (each in a JVM of its own, under a time limit; see WsSection and WsIdleSection):
#   ws      WebSocket echo over loopback, 64 B and 64 KiB messages, one in flight: messages/s and
#           round-trip p50/p99 of LoopBridge (default loop, FX loop), Netty 4.2's codec, the JDK's
#           java.net.http.WebSocket + Platform.runLater, and clients against Node.js ws and Python
#           websockets echo servers; ratios with their 99.9% intervals
#   wsidle  10,000 idle WebSockets (CONNECTIONS) on the FX loop: heap per socket after full GCs
# Peers: Node.js ws (pinned, installed with npm into bridge-web/target/ws-peers, as bridge-web's
# tests do), Python websockets (Debian python3-websockets, /usr/bin/python3), node (Debian nodejs).
# Writes results/raw/{ws,wsidle}.tsv and results/logs/{ws,wsidle}.log.
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
        *) echo "usage: benchmarks/run-websocket-benchmarks.sh [--quick] [--no-build] (unknown argument: $arg)" >&2; exit 2 ;;
    esac
done

export JAVA_HOME
JAVA_HOME="$(select_jdk)"
java="$JAVA_HOME/bin/java"
jar="$here/target/benchmarks.jar"
results="$here/results"
raw="$results/raw"
logs="$results/logs"

if [[ "$build" == true || ! -f "$jar" ]]; then
    echo "building $jar"
    (cd "$root" && { ./mvnw -B -q -o -pl benchmarks -am package -DskipTests 2>/dev/null \
        || ./mvnw -B -q -pl benchmarks -am package -DskipTests; }) || { echo "the build failed" >&2; exit 1; }
fi
mkdir -p "$raw" "$logs"

# 10,000 WebSockets need 10,000 descriptors in the server's process (the clients run in another).
hard="$(ulimit -Hn)"
if [[ "$hard" == unlimited ]] || (( hard > 1048576 )); then hard=1048576; fi
ulimit -Sn "$hard" 2>/dev/null || true

ws_module="$(ws_peer_module "$root")"
echo "WebSocket benchmarks, $mode mode; JDK $JAVA_HOME; open files $(ulimit -Sn); load average $(cut -d' ' -f1-3 /proc/loadavg)"
jvm=(--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -Xms512m -Xmx2g "-Dws.module=$ws_module" -Dws.alone=true "-Dws.inFlight=${WS_IN_FLIGHT:-1}")
status=0
sections=(ws wsidle)
ws_out=ws
if [[ "${WS_IN_FLIGHT:-1}" != 1 ]]; then
    sections=(ws)  # the echo only, its figures beside the one-in-flight run's (ws$N.tsv)
    ws_out="ws${WS_IN_FLIGHT}"
fi
for section in "${sections[@]}"; do
    if [[ "$section" == ws ]]; then
        main=WsSection limit=$([[ "$mode" == quick ]] && echo 300 || echo 600)
    else
        main=WsIdleSection limit=300
    fi
    echo "== $section (at most ${limit} s)"
    t0=$SECONDS
    timeout --kill-after=15 "$limit" "$java" "${jvm[@]}" -cp "$jar" "dev.loopbridge.benchmarks.e2e.$main" \
        "$raw/$([[ "$section" == ws ]] && echo "$ws_out" || echo "$section").tsv" "$mode" "${CONNECTIONS:-10000}" \
        > "$logs/$section.log" 2>&1
    s=$?
    grep -E '^  [a-z]' "$logs/$section.log" | grep -v -E '^  at ' || true
    text=ok
    if (( s == 124 || s == 137 )); then text="TIMED OUT after $limit s"; status=1
    elif (( s != 0 )); then text="FAILED (exit status $s; see logs/$section.log)"; status=1; fi
    echo "   $section: $text in $((SECONDS - t0)) s"
    name="$([[ "$section" == ws ]] && echo "$ws_out" || echo "$section")"
    printf 'section.%s.status\t%s\nsection.%s.seconds\t%s\n' "$name" "$text" "$name" "$((SECONDS - t0))" \
        > "$raw/sections-$name.tsv"
done
# The report, without the charts (those stay the last run-all.sh's).
"$java" -Djava.awt.headless=true -cp "$jar" dev.loopbridge.benchmarks.e2e.Report "$raw" "$results/RESULTS.md" \
    | grep -v '^WARNING' || status=1
sed -n '/^## WebSockets/,/^## [^W]/p' "$results/RESULTS.md" | sed '$d'
exit $status
