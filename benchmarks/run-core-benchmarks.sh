#!/usr/bin/env bash
# Runs LoopBridge's core benchmarks, each against its peer, with modest settings that fit a 2-core
# machine (about 8 minutes): callSoon throughput and callLater + cancel from a foreign thread and on
# the loop thread, against a one-thread ScheduledThreadPoolExecutor; LoopFuture chains and foreign
# completions (FutureBenchmark), against CompletableFuture on such a thread; StreamReader's readLine
# and readExactly (StreamReadBenchmark), against Netty's frame decoders on an EmbeddedChannel.
#
#   benchmarks/run-core-benchmarks.sh [--rebuild] [JMH options and benchmark regexes...]
#
# Writes benchmarks/results/core-jmh.json (JMH's JSON), benchmarks/results/core-jmh.txt (the
# score table and the LoopBridge/peer ratio of each pair) and benchmarks/results/core-jmh.log (the
# whole JMH output, with the STALL lines), and prints the ratios. Exits non-zero if
# a benchmark failed or stalled (a wait over 100 ms: see Fixtures).
#   --rebuild   build benchmarks/target/benchmarks.jar even if it exists (it is built when missing)
#   arguments   replace the default selection, e.g. 'CallSoonBenchmark', 'StreamReadBenchmark' or
#               '-p pendingTimers=0'
# Environment: JAVA_HOME (used if it is a JDK 21 or newer, else the newest JDK under /usr/lib/jvm),
# FORKS (1), WARMUP_ITERATIONS (3), WARMUP_TIME (2s), ITERATIONS (5), ITERATION_TIME (2s),
# RESULTS_NAME (core-jmh: the results files' name), STALL_MILLIS (the stall threshold, 100).
set -euo pipefail

# shellcheck source=run-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/run-common.sh"
raise_group_priority

run_benchmarks core-jmh \
    '^dev\.loopbridge\.benchmarks\.(CallSoon|CallLaterCancel|CallLaterCancelOnLoop|Future|StreamRead)Benchmark\.' "$@"
