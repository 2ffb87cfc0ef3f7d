#!/usr/bin/env bash
# The API end to end as an operator meets it: `dauvet init`, `dauvet token create`,
# `dauvet serve` on a free port, then curl against it — health, the signed checkpoint, a
# command with and without a token, a malformed body and an oversized one refused without
# writing anything, SIGTERM exiting 0, and `dauvet verify` agreeing on the entry count.
#
#   tests/api/curl_test.sh path/to/dauvet
set -euo pipefail

dauvet=${1:?usage: curl_test.sh DAUVET_BINARY}
[ -x "$dauvet" ] || { echo "curl_test: '$dauvet' is not executable" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl_test: curl is not installed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dauvet-curl-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*" >&2; failures=$((failures + 1)); }
die() { echo "FAIL - $*" >&2; [ -f "$tmp/serve.err" ] && sed 's/^/  serve: /' "$tmp/serve.err" >&2; exit 1; }
check() {  # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

dir=$tmp/ledger
origin=test.example/log
"$dauvet" init "$dir" --origin "$origin" >"$tmp/init.out" || die "dauvet init"
token=$("$dauvet" token create "$dir" --actor admin --role admin --unit root 2>/dev/null) || die "dauvet token create"
[ -n "$token" ] || die "dauvet token create printed no token"

# Port 0: the server binds any free port and names it on stderr.
"$dauvet" serve "$dir" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|^dauvet: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/serve.err")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || die "dauvet serve exited before listening"
  sleep 0.1
done
[ -n "$port" ] || die "dauvet serve did not say which port it bound"
base=http://127.0.0.1:$port
for _ in $(seq 1 50); do
  curl -s -o /dev/null "$base/healthz" && break
  sleep 0.1
done

# req NAME CURL-ARGS...: the body in $tmp/NAME.body, the headers in $tmp/NAME.headers;
# prints "STATUS CONTENT-TYPE".
req() {
  local name=$1
  shift
  curl -sS --max-time 20 -o "$tmp/$name.body" -D "$tmp/$name.headers" -w '%{http_code} %{content_type}\n' "$@" || true
}
header() { tr -d '\r' <"$tmp/$1.headers" | sed -n "s/^$2: //Ip" | tail -1; }
ledger_index() { header "$1" X-Ledger-Index; }

# Health.
read -r status _ < <(req health "$base/healthz")
check "GET /healthz is 200" 200 "$status"

# The checkpoint: a C2SP note whose first line is the origin.
read -r status ctype < <(req checkpoint "$base/v1/ledger/checkpoint")
check "GET /v1/ledger/checkpoint is 200" 200 "$status"
case "$ctype" in text/plain*) pass "the checkpoint is text/plain" ;; *) fail "the checkpoint is '$ctype', not text/plain" ;; esac
check "the checkpoint's first line is the origin" "$origin" "$(head -n 1 "$tmp/checkpoint.body")"

# A command with the token: 201 and an ETag.
unit='{"id":"curl-unit","name":"Đơn vị thử curl","kind":"khac","parent":"root"}'
read -r status _ < <(req create -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary "$unit" "$base/v1/commands/unit.create")
check "POST /v1/commands/unit.create with a token is 201" 201 "$status"
[ "$status" = 201 ] || sed 's/^/  body: /' "$tmp/create.body" >&2
etag=$(header create ETag)
if [ -n "$etag" ]; then pass "the 201 carries an ETag ($etag)"; else fail "the 201 carries no ETag"; fi

# The same without a token: 401 problem, nothing written.
read -r status ctype < <(req anonymous -X POST -H 'Content-Type: application/json' \
  --data-binary '{"id":"curl-unit-2","name":"X","kind":"khac","parent":"root"}' "$base/v1/commands/unit.create")
check "the same without a token is 401" 401 "$status"
check "the 401 is a problem document" application/problem+json "$ctype"

# The ledger as it stands before the bad requests.
req before "$base/healthz" >/dev/null
before=$(ledger_index before)
[[ "$before" =~ ^[0-9]+$ ]] || die "no X-Ledger-Index on /healthz (got '$before')"

# A malformed JSON body: 400 problem.
read -r status ctype < <(req malformed -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary '{"id":"curl-bad","name":' "$base/v1/commands/unit.create")
check "a malformed JSON body is 400" 400 "$status"
check "the 400 is a problem document" application/problem+json "$ctype"

# A body over the server's limit (1 MiB, ServerOptions::body_limit and serve --body-limit): 413.
head -c $((1024 * 1024 + 4096)) /dev/zero | tr '\0' 'a' >"$tmp/big.json"
read -r status ctype < <(req oversized -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary "@$tmp/big.json" "$base/v1/commands/unit.create")
check "a body over 1 MiB is 413" 413 "$status"
check "the 413 is a problem document" application/problem+json "$ctype"

req after "$base/healthz" >/dev/null
check "the refused requests wrote nothing (X-Ledger-Index)" "$before" "$(ledger_index after)"

# SIGTERM: the server finishes and exits 0.
kill -TERM "$server_pid"
rc=0
wait "$server_pid" || rc=$?
server_pid=
check "dauvet serve exits 0 on SIGTERM" 0 "$rc"

# verify recomputes the ledger and counts the same entries as before the bad requests.
verify=$("$dauvet" verify "$dir" --key "$(head -n 1 "$tmp/init.out")" 2>"$tmp/verify.err") || fail "dauvet verify failed: $verify $(cat "$tmp/verify.err")"
check "dauvet verify counts the entries the server had before the bad requests" "ok $((before + 1)) entries" "$verify"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed; server stderr:" >&2
  sed 's/^/  serve: /' "$tmp/serve.err" >&2
  exit 1
fi
echo "all checks passed"
