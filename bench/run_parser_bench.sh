#!/usr/bin/env bash
# Runs the SIP parser benchmark (voipguard vs libosip2, same run) and prints Google Benchmark's
# table followed by the per-message summary: msgs/s (medians of 5 repetitions) and the ratios.
#
#   bench/run_parser_bench.sh [BUILD_DIR] [extra Google Benchmark flags...]
#
# BUILD_DIR defaults to "build" (a Release build, as `make bench` makes). Results are also written
# to BUILD_DIR/parser_bench.txt (the console output) and BUILD_DIR/parser_bench.json.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-build}
[[ $# -gt 0 ]] && shift

if [[ ! -d "$build_dir" ]]; then
  echo "run_parser_bench: build directory '$build_dir' does not exist (run: make build)" >&2
  exit 1
fi

# The binary lands at the top of the build dir (CMAKE_RUNTIME_OUTPUT_DIRECTORY); build it if absent
# or stale (a no-op when up to date).
cmake --build "$build_dir" --target parser_bench >/dev/null
bin="$build_dir/parser_bench"
[[ -x "$bin" ]] || bin="$build_dir/bench/parser_bench"
if [[ ! -x "$bin" ]]; then
  echo "run_parser_bench: no parser_bench binary in '$build_dir'" >&2
  exit 1
fi

build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
if [[ "$build_type" != "Release" ]]; then
  echo "run_parser_bench: warning: '$build_dir' is a '${build_type:-unset}' build; figures are only meaningful for Release" >&2
fi

echo "== SIP parser benchmark: voipguard vs libosip2 ($bin)"
echo "== 5 repetitions per benchmark, interleaved in random order so that load from other processes"
echo "== falls on both parsers alike; medians reported (the machine is shared: quote medians)"
"$bin" \
  --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$build_dir/parser_bench.json" \
  --benchmark_out_format=json \
  "$@" | tee "$build_dir/parser_bench.txt"
