#!/usr/bin/env bash
# Runs LoopBridge's network benchmarks, each against its peer, Netty's NIO transport on one
# event-loop thread: loopback TCP echo throughput with 64 KiB writes (TcpEchoBenchmark) and 1-byte
# ping-pong round trips (TcpPingPongBenchmark), client and server on one thread. Modest settings
# that fit a 2-core machine (about 2 minutes).
#
#   benchmarks/run-network-benchmarks.sh [--rebuild] [JMH options and benchmark regexes...]
#
# Writes benchmarks/results/network-jmh.json (JMH's JSON), benchmarks/results/network-jmh.txt (the
# score table and the LoopBridge/Netty ratio of each pair) and benchmarks/results/network-jmh.log
# (the whole JMH output, with the STALL lines), and prints the ratios. Exits non-zero if a
# benchmark failed or stalled (a wait over 100 ms: see Fixtures).
#   --rebuild   build benchmarks/target/benchmarks.jar even if it exists (it is built when missing)
#   arguments   replace the default selection, e.g. 'TcpEchoBenchmark' or '-p window=1,8,32'
# Environment: as run-core-benchmarks.sh (see run-common.sh); RESULTS_NAME defaults to network-jmh.
set -euo pipefail

# shellcheck source=run-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/run-common.sh"
raise_group_priority

run_benchmarks network-jmh '^dev\.loopbridge\.benchmarks\.Tcp(Echo|PingPong)Benchmark\.' "$@"
