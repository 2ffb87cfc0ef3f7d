#!/usr/bin/env bash
# Configures and builds into ./build. Extra arguments go to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDAUVET_WERROR=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
