#!/usr/bin/env bash
# Installs the Debian 12 packages dauvet needs to build, test and run; skips apt entirely
# when they are all present already.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  liblmdb-dev lmdb-utils
  libboost1.81-dev libboost-program-options1.81-dev
  libssl-dev openssl
  nlohmann-json3-dev libexpected-dev
  libgtest-dev libbenchmark-dev
  curl wrk  # wrk: the load benchmarks (bench/wrk)
  clang libclang-rt-14-dev  # libFuzzer targets (scripts/fuzz.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
