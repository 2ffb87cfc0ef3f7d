#!/usr/bin/env bash
# README command 1: install what is missing, build, create a ledger in ./data with demo
# data on first run, verify it, and serve it on http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
dauvet=build/tools/dauvet
data=${DAUVET_DATA:-./data}
listen=${DAUVET_LISTEN:-127.0.0.1:8080}

if [ ! -f "$data/data.mdb" ]; then
  echo "creating a ledger in $data; publish this verifier key:"
  "$dauvet" init "$data" --origin "${DAUVET_ORIGIN:-dauvet.hungyen.example/ledger}" | tee "$data.verifier-key"
  # Until the domain import lands: the directive of seed 001 and the first task of its table.
  "$dauvet" append "$data" --stream "directive/26-CTr/TU" --type directive.recorded --expected-version 0 \
    --payload '{"symbol":"26-CTr/TU","kind":"chương trình","issuer":"Ban Chấp hành Đảng bộ tỉnh","date":"2022-10-20"}' >/dev/null
  "$dauvet" append "$data" --stream "task/26-CTr/TU/I.1" --type task.created --expected-version 0 \
    --payload '{"directive":"26-CTr/TU","item":"I.1","lead":"Ban Tổ chức Tỉnh ủy","time_frame":"Thực hiện thường xuyên (Hoàn thành các mục tiêu và tổng kết Đề án vào quý IV/2025)"}' >/dev/null
fi
"$dauvet" verify "$data" --key "$(cat "$data.verifier-key")"
echo "serving on http://$listen  (try: curl http://$listen/v1/ledger/checkpoint)"
exec "$dauvet" serve "$data" --listen "$listen"
