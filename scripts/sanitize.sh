#!/usr/bin/env bash
# The whole test suite under a sanitizer (CI runs both):
#   scripts/sanitize.sh address   clang, ASan + UBSan, in build-fuzz/ — the same build the
#                                 fuzz targets use (scripts/fuzz.sh), so CI compiles it once
#   scripts/sanitize.sh thread    gcc, TSan, in build-tsan/
# Both compile as Debug at -O1 with line tables only (scripts/configure-sanitized.sh):
# asserts stay on, the tests run fast enough, and a report still names file and line.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?usage: scripts/sanitize.sh address|thread}"
case "$kind" in
  address) dir=build-fuzz ;;
  thread) dir=build-tsan ;;
  *) echo "sanitize.sh: address or thread, not '$kind'" >&2; exit 2 ;;
esac
scripts/configure-sanitized.sh "$kind" >/dev/null
cmake --build "$dir" -j "$(nproc)"
# halt_on_error: the first report fails the test that caused it, with its output.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 900
