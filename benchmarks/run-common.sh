# Sourced by run-core-benchmarks.sh and run-network-benchmarks.sh, not run by itself: picks a JDK,
# builds the benchmarks jar when needed, and runs a selection of benchmarks through PeerComparison,
# which writes the results files and the LoopBridge/peer ratios.
#
# Environment: JAVA_HOME (used if it is a JDK 21 or newer, else the newest JDK under /usr/lib/jvm),
# FORKS (1), WARMUP_ITERATIONS (3), WARMUP_TIME (2s), ITERATIONS (5), ITERATION_TIME (2s),
# RESULTS_NAME (the results files' name), STALL_MILLIS (the stall threshold, 100).

# Prints the feature version (21, 25, ...) of the JDK at $1, or nothing if it is not a JDK.
jdk_version() {
    local home="$1" version=""
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
    if [[ -f "$home/release" ]]; then
        version="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$home/release")"
    fi
    if [[ -z "$version" ]]; then
        version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n 1)"
    fi
    version="${version#1.}" # 1.8 -> 8
    echo "${version%%.*}"
}

# Prints JAVA_HOME if it is a JDK 21 or newer, else the newest JDK under /usr/lib/jvm; exits if none.
select_jdk() {
    if [[ -n "${JAVA_HOME:-}" ]]; then
        local v
        v="$(jdk_version "$JAVA_HOME")"
        if [[ -n "$v" && "$v" -ge 21 ]]; then
            echo "$JAVA_HOME"
            return
        fi
        echo "JAVA_HOME=$JAVA_HOME is not a JDK 21 or newer (version: ${v:-unknown}); looking in /usr/lib/jvm" >&2
    fi
    local best="" best_version=0 home v
    for home in /usr/lib/jvm/*; do
        [[ -d "$home" && ! -L "$home" ]] || continue
        v="$(jdk_version "$home")"
        if [[ -n "$v" && "$v" -gt "$best_version" ]]; then
            best="$home"
            best_version="$v"
        fi
    done
    if [[ -z "$best" || "$best_version" -lt 21 ]]; then
        echo "no JDK 21 or newer found (JAVA_HOME unset or too old, none under /usr/lib/jvm)" >&2
        exit 1
    fi
    echo "$best"
}

# run_benchmarks NAME SELECTION [--rebuild] [JMH options and benchmark regexes...]
# Runs SELECTION (a JMH regex), or the given arguments instead when there are any, and writes
# results/NAME.{json,txt,log} (NAME: $RESULTS_NAME if set). Returns PeerComparison's status.
run_benchmarks() {
    local default_name="$1" selection="$2"
    shift 2
    local here root jar results
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    root="$(dirname "$here")"
    jar="$here/target/benchmarks.jar"
    results="$here/results"

    local rebuild=false
    if [[ "${1:-}" == "--rebuild" ]]; then
        rebuild=true
        shift
    fi

    export JAVA_HOME
    JAVA_HOME="$(select_jdk)"
    local java="$JAVA_HOME/bin/java"
    local jdk_line
    jdk_line="JDK: $JAVA_HOME ($("$java" -version 2>&1 | head -n 1)); $(nproc 2>/dev/null || echo '?') cores"

    local start=$SECONDS
    if [[ "$rebuild" == true || ! -f "$jar" ]]; then
        echo "building $jar"
        (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
    fi

    mkdir -p "$results"
    if [[ $# -eq 0 ]]; then
        set -- "$selection"
    fi

    local name="${RESULTS_NAME:-$default_name}"
    local jvm_args=()
    if [[ -n "${STALL_MILLIS:-}" ]]; then
        jvm_args=(-jvmArgsAppend "-Dloopbridge.bench.stallMillis=$STALL_MILLIS")
    fi

    # Other work on the machine skews the scores (2 cores here): the log records the load around the run.
    {
        echo "$jdk_line"
        echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    } | tee "$results/$name.log"
    local status=0
    "$java" -cp "$jar" dev.loopbridge.benchmarks.PeerComparison \
        --report "$results/$name.txt" \
        -f "${FORKS:-1}" \
        -wi "${WARMUP_ITERATIONS:-3}" -w "${WARMUP_TIME:-2s}" \
        -i "${ITERATIONS:-5}" -r "${ITERATION_TIME:-2s}" \
        -prof gc \
        -rf json -rff "$results/$name.json" \
        ${jvm_args[@]+"${jvm_args[@]}"} \
        "$@" 2>&1 | tee -a "$results/$name.log" || status=$?

    local elapsed=$((SECONDS - start))
    printf 'total time: %dm%02ds; load average after the run: %s; results in %s\n' \
        $((elapsed / 60)) $((elapsed % 60)) "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" \
        "$results" | tee -a "$results/$name.log"
    if [[ $status -ne 0 ]]; then
        echo "the run failed, or a benchmark failed or stalled (exit status $status): see the log above" >&2
    fi
    return $status
}

# The Node.js ws version bridge-web's peer tests pin (NodeWs.VERSION there); the WebSocket section
# runs it as an echo server.
WS_VERSION=8.18.3

# Prints the folder of Node.js ws $WS_VERSION under bridge-web/target/ws-peers (where bridge-web's
# tests install it), installing it there with npm first if it is missing. Prints nothing (and says
# why on stderr) if npm is missing or fails: the section then reports the ws rows as failed.
ws_peer_module() {
    local root="$1" dir module
    dir="$root/bridge-web/target/ws-peers"
    module="$dir/node_modules/ws"
    if ! grep -q "\"version\": \"$WS_VERSION\"" "$module/package.json" 2>/dev/null; then
        if ! command -v npm > /dev/null; then
            echo "npm is missing (Debian package npm): the Node.js ws rows will fail" >&2
            return 0
        fi
        mkdir -p "$dir"
        npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "ws@$WS_VERSION" \
            > "$dir/npm.log" 2>&1 || { echo "npm install ws@$WS_VERSION failed: see $dir/npm.log" >&2; return 0; }
    fi
    echo "$module"
}

# Linux shares the CPU between sessions first (autogroups, when /proc/sys/kernel/sched_autogroup_enabled
# is 1) and only then between the processes of a session by their nice: a build at nice 19 in a
# session of its own gets as much CPU as this whole run, and one of its threads held the JavaFX pulse
# timer off a core for 143 ms (perf sched, 1 GiB through cat on 2 cores). So, when it may (root,
# or CAP_SYS_NICE), a run raises the priority of its session's group to the highest for as long as
# it runs, and puts it back when it ends. Every contender of a run gains alike; the absolute figures
# (pulse gaps, latencies) then measure the process rather than what else the machine was doing.
# BENCH_GROUP_NICE overrides the level (e.g. 0: leave it alone).
raise_group_priority() {
    local group=/proc/self/autogroup level="${BENCH_GROUP_NICE:--20}"
    [[ -w "$group" && "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" == 1 ]] || return 0
    local before
    before="$(sed -n 's/.* nice \(-\{0,1\}[0-9][0-9]*\)$/\1/p' "$group")"
    [[ -n "$before" && "$before" != "$level" ]] || return 0
    if echo "$level" 2>/dev/null >"$group"; then
        echo "scheduling: this session's group at nice $level for the run (was $before)"
        # shellcheck disable=SC2064 # the level to restore is fixed now
        trap "echo '$before' >'$group' 2>/dev/null || true" EXIT
    fi
}
