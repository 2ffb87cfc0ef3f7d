#!/usr/bin/env bash
# README command 1: install what is missing, build, create a ledger in ./data with demo
# data on first run, verify it, and show what it holds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
dauvet=build/tools/dauvet
data=${DAUVET_DATA:-./data}

if [ ! -f "$data/data.mdb" ]; then
  "$dauvet" init "$data"
  # Until the domain import lands: the directive of seed 001 and the first task of its table.
  "$dauvet" append "$data" --stream "directive/26-CTr/TU" --type directive.recorded --expected-version 0 \
    --payload '{"symbol":"26-CTr/TU","kind":"chương trình","issuer":"Ban Chấp hành Đảng bộ tỉnh","date":"2022-10-20"}'
  "$dauvet" append "$data" --stream "task/26-CTr/TU/I.1" --type task.created --expected-version 0 \
    --payload '{"directive":"26-CTr/TU","item":"I.1","lead":"Ban Tổ chức Tỉnh ủy","time_frame":"Thực hiện thường xuyên (Hoàn thành các mục tiêu và tổng kết Đề án vào quý IV/2025)"}'
fi
"$dauvet" verify "$data"
"$dauvet" log "$data" --limit 20
