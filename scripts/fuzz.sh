#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for
# a bounded time on its committed corpus (fuzz/corpus/<name>/). A crash fails the script and
# leaves the input as build-fuzz/crash-*; add it to the corpus and a test once fixed.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
targets=(canonical_json command deadline task_table checkpoint proof)

scripts/configure-sanitized.sh address >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  work="build-fuzz/corpus-$t"  # new finds go here, the committed corpus stays as it is
  mkdir -p "$work"
  echo "fuzz_$t: ${seconds}s on $(find "$corpus" -type f | wc -l) seed inputs"
  (cd build-fuzz && "./fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=1 "../$work" "../$corpus" 2>&1 | tail -n 12)
done
