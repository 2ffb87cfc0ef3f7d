#!/usr/bin/env bash
# README command 2 (and what CI runs): install what is missing, build with warnings as
# errors, run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
