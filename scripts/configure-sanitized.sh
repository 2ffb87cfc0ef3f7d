#!/usr/bin/env bash
# Configures a sanitizer build tree; shared by sanitize.sh and fuzz.sh so they agree on it.
#   scripts/configure-sanitized.sh address   clang: libFuzzer coverage + ASan + UBSan, build-fuzz/
#   scripts/configure-sanitized.sh thread    gcc: TSan, build-tsan/
set -euo pipefail
cd "$(dirname "$0")/.."
common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DDAUVET_BUILD_BENCH=OFF -DDAUVET_BUILD_TESTS=ON)
case "${1:?usage: scripts/configure-sanitized.sh address|thread}" in
  address) CXX=clang++ CC=clang cmake -S . -B build-fuzz "${common[@]}" -DDAUVET_SANITIZE=fuzzer ;;
  thread) CXX=g++ CC=gcc cmake -S . -B build-tsan "${common[@]}" -DDAUVET_SANITIZE=thread ;;
  *) echo "configure-sanitized.sh: address or thread, not '$1'" >&2; exit 2 ;;
esac
