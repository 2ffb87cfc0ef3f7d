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
  "$dauvet" init "$data" --origin "${DAUVET_ORIGIN:-dauvet.hungyen.example/ledger}" \
    --root-name "Ban Chấp hành Trung ương Đảng" --root-kind trung_uong | tee "$data.verifier-key"
  # Demo data: the issuing bodies, seed 001's task table imported as 26-CTr/TU, the
  # directives of seeds 000, 002 and 003, and a year of work (see scripts/demo/).
  "$dauvet" exec "$data" scripts/demo/1-units.ndjson
  seed001=$(ls ../shared/seeds/001_*.txt 2>/dev/null | head -1 || true)
  if [ -n "$seed001" ]; then
    "$dauvet" import "$data" "$seed001" --directive 26-CTr/TU --issuer tinh-uy-tq --kind chuong_trinh \
      --date 2022-10-20 --signer "Lê Thị Kim Dung" \
      --title "Chương trình hành động thực hiện Nghị quyết số 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới" >/dev/null
    "$dauvet" exec "$data" scripts/demo/2-work.ndjson
  else
    echo "note: ../shared/seeds/001_*.txt not found; the demo has units and directives only"
  fi
fi
"$dauvet" verify "$data" --key "$(cat "$data.verifier-key")"
echo "serving on http://$listen  (try: curl http://$listen/v1/ledger/checkpoint)"
exec "$dauvet" serve "$data" --listen "$listen"
