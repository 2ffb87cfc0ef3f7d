#!/usr/bin/env bash
# Mixed load and soak of `dauvet serve` on a generated province ledger, with wrk.
#
#   bench/wrk/mixed.sh path/to/dauvet [SECONDS] [PROVINCE_YEARS]   (defaults: 60, 1)
#
# In one run, so the figures share the machine's state:
#   1. baselines: `openssl speed` (SHA-256, Ed25519) and `dauvet bench append` (durable
#      appends beside raw LMDB MDB_APPEND puts of the same bytes);
#   2. `dauvet bench generate` writes PROVINCE_YEARS past years of one province; a
#      benchmark directive with POOL (2000) tasks in progress, its clerk's token and the
#      admin's (for reads) are added; the read paths are drawn from the ledger's streams;
#   3. wrk -t2 -c32 runs mixed.lua for SECONDS: 80% reads across views (now and as of a
#      random past index), 20% progress reports on the pool's tasks, while the server's
#      RSS is sampled every 5 s;
#   4. the server stops on SIGTERM and `dauvet verify` must count exactly the entries
#      the 201s promised (plus at most one in flight per connection).
# Exits 1 if any answer was not 200/201, any socket error occurred, the ledger does not
# match, or the server's anonymous memory grew more than 25% (+16 MiB) after warm-up.
# SOAK: SECONDS=600 is the 10-minute soak. WRK_CONNECTIONS, SERVE_ARGS override.
set -euo pipefail

dauvet=${1:?usage: bench/wrk/mixed.sh DAUVET_BINARY [SECONDS] [PROVINCE_YEARS]}
seconds=${2:-60}
years=${3:-1}
connections=${WRK_CONNECTIONS:-32}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$dauvet" ] || { echo "mixed.sh: '$dauvet' is not executable" >&2; exit 2; }
for tool in wrk curl openssl; do
  command -v $tool >/dev/null || { echo "mixed.sh: $tool is not installed" >&2; exit 2; }
done
# shellcheck source=bench/wrk/lib.sh
source "$here/lib.sh"
dir=$tmp/ledger

echo "== dauvet mixed load, $(date -u +%Y-%m-%dT%H:%M:%SZ): ${seconds} s, $years province-year(s)"
echo "machine:     $(nproc) CPUs, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== baselines (same run)"
openssl speed -seconds 2 sha256 ed25519 2>/dev/null | grep -i -E '^(type|sha256|version)|ed25519' | sed 's/^/  /'
"$dauvet" bench append --entries 200000 --batch1-entries 2000 --dir "$tmp/append" | sed 's/^/  /'
rm -rf "$tmp/append"

echo
echo "== the ledger"
first_year=$(( $(date +%Y) - years ))
start=$SECONDS
"$dauvet" bench generate "$dir" --province-years "$years" --first-year "$first_year" >"$tmp/generate.md" 2>"$tmp/generate.err" ||
  { cat "$tmp/generate.err" >&2; die "bench generate failed"; }
echo "generated:   $(grep -o '\*\*[0-9]*\*\*' "$tmp/generate.md" | tr -d '*') entries in $(( SECONDS - start )) s ($(tail -n +2 "$tmp/generate.md" | grep -c '^| `') entry types)"
add_bench_directive "$dir"
# The write pool: tasks in progress under the benchmark directive, and the clerk of their
# lead unit, who reports their progress.
pool=${POOL:-2000}
for i in $(seq 1 "$pool"); do
  echo "{\"type\":\"task.create\",\"body\":{\"issuer\":\"$issuer\",\"symbol\":\"$symbol\",\"item\":\"P.$i\",\"content\":\"Nhiệm vụ $i\",\"lead\":\"$lead\"},\"as\":\"bench-issuer\"}"
  echo "{\"type\":\"task.acknowledge\",\"body\":{\"issuer\":\"$issuer\",\"symbol\":\"$symbol\",\"item\":\"P.$i\",\"note\":\"Đã nhận\"},\"as\":\"bench-clerk\"}"
  echo "{\"type\":\"task.start\",\"body\":{\"issuer\":\"$issuer\",\"symbol\":\"$symbol\",\"item\":\"P.$i\"},\"as\":\"bench-clerk\"}"
done >"$tmp/pool.ndjson"
"$dauvet" exec "$dir" "$tmp/pool.ndjson" >"$tmp/exec.out" 2>&1 || { cat "$tmp/exec.out" >&2; die "the write pool was refused"; }
clerk_token=$("$dauvet" token create "$dir" --actor bench-clerk --role clerk --unit "$lead" 2>/dev/null) || die "token create failed"
read_token=$("$dauvet" token create "$dir" --actor admin --role admin --unit root 2>/dev/null) || die "token create failed"
size=$("$dauvet" verify "$dir" | sed -n 's/^ok \([0-9]*\) entries$/\1/p')
[ -n "$size" ] || die "the generated ledger does not verify"

# Read paths from the ledger's own streams; the province-wide dashboards (root and the
# tỉnh ủy, a second or more each on this ledger) are measured by `bench domain`, not here.
# Each stream with the index of its first entry, so as-of reads ask of a moment it existed.
"$dauvet" log "$dir" | sed 's/},"payload":.*//; s/.*"index":\([0-9]*\),.*"stream":"\([^"]*\)".*/\2 \1/' |
  awk '!seen[$1]++' >"$tmp/streams"
awk -v size="$size" 'BEGIN { srand(7) }
  function enc(s) { gsub("/", "%2F", s); return s }
  function past() { return $2 + int(rand() * (size - $2)) }
  /^(task|inspection|case|directive)\// { print "/v1/state?stream=" enc($1); print "/v1/state?stream=" enc($1) "&as_of=" past() }
  /^unit\// {
    id = substr($1, 6); if (id == "root" || id == "p-tu") next
    print "/v1/units/" id "/dashboard"; print "/v1/units/" id "/dashboard?as_of=" past()
    print "/v1/timeline?subject=" enc($1) "&limit=50"
  }
  /^report\// { id = substr($1, 8); print "/v1/reports/" id "/compliance"; print "/v1/reports/" id "/compliance?as_of=" past() }
  /^indicator\// { id = substr($1, 11); print "/v1/indicators/" id "/progress"; print "/v1/indicators/" id "/progress?as_of=" past() }
  /^actor\// { print "/v1/actors/" substr($1, 7) "/activity?limit=50" }
' "$tmp/streams" >"$tmp/paths"
echo "read paths:  $(wc -l <"$tmp/paths"):$(awk -F'[/?]' '{ print $3 ($5 == "" ? "" : "/" $5) }' "$tmp/paths" | sort | uniq -c | awk '{ printf " %s %s", $1, $2 }')"

start_server "$dir"
echo "server:      dauvet serve ${SERVE_ARGS:-(default options)} on $base, pid $server_pid"
# Every kind of path once by hand: a benchmark of errors measures nothing.
for kind in state dashboard compliance progress timeline activity; do
  path=$(grep -m1 "$kind" "$tmp/paths") || continue
  code=$(curl -sS -o "$tmp/probe" -w '%{http_code}' -H "Authorization: Bearer $read_token" "$base$path")
  [ "$code" = 200 ] || die "GET $path answered $code: $(head -c 300 "$tmp/probe")"
done

rss() { awk '/^(RssAnon|RssFile):/ { printf "%s ", $2 }' "/proc/$server_pid/status"; }
( while kill -0 "$server_pid" 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 5; done ) >"$tmp/rss" 2>/dev/null &
sampler=$!

export DAUVET_TOKEN=$clerk_token DAUVET_READ_TOKEN=$read_token DAUVET_ISSUER=$issuer DAUVET_SYMBOL=$symbol \
  DAUVET_POOL=$pool DAUVET_READ_PATHS=$tmp/paths
echo
echo "== wrk -t2 -c$connections -d${seconds}s --latency -s mixed.lua $base"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/mixed.lua" "$base" | tee "$tmp/wrk.out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true

echo
echo "== memory (server RSS, KiB, sampled every 5 s)"
samples=$(wc -l <"$tmp/rss")
warm=$(( samples / 6 + 1 ))
read -r _ anon_warm file_warm < <(sed -n "${warm}p" "$tmp/rss")
read -r _ anon_end file_end < <(tail -n 1 "$tmp/rss")
anon_max=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$tmp/rss")
echo "anonymous:   $anon_warm after warm-up (sample $warm of $samples) -> $anon_end at the end, max $anon_max"
echo "file-backed: $file_warm -> $file_end (the LMDB map pages the reads touched; grows with the ledger)"
failed=0
if [ "$anon_end" -gt $(( anon_warm * 125 / 100 + 16384 )) ]; then
  echo "memory:      GREW"
  failed=1
else
  echo "memory:      flat"
fi

echo
echo "== after the run"
stop_server
echo "dauvet serve exit status on SIGTERM: $serve_rc"
result=$(grep '^WRK_RESULT' "$tmp/wrk.out")
writes=$(echo "$result" | sed -n 's/.* writes=\([0-9]*\) .*/\1/p')
other=$(echo "$result" | sed -n 's/.* other=\([0-9]*\) .*/\1/p')
socket_errors=$(echo "$result" | sed -n 's/.* socket_errors=\([0-9]*\) .*/\1/p')
counted=$("$dauvet" verify "$dir" | sed -n 's/^ok \([0-9]*\) entries$/\1/p')
before=$(( size ))
if [ -n "$counted" ] && [ "$counted" -ge $(( before + writes )) ] && [ "$counted" -le $(( before + writes + connections )) ]; then
  echo "entries:     $counted = $before before + $writes counted 201s + $(( counted - before - writes )) in flight when wrk stopped; verify ok"
else
  echo "entries:     MISMATCH: verify says '${counted:-?}', expected $before + $writes"
  failed=1
fi
[ "$other" = 0 ] || { echo "answers:     $other were neither 200 nor 201"; failed=1; }
[ "$socket_errors" = 0 ] || { echo "sockets:     $socket_errors socket errors"; failed=1; }
[ "$serve_rc" = 0 ] || failed=1
echo "$result"
exit $failed
