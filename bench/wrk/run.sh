#!/usr/bin/env bash
# Load test of `dauvet serve` with wrk: durable writes and reads of one task view.
#
#   bench/wrk/run.sh path/to/dauvet [DURATION]        (DURATION: wrk's -d, default 20s)
#
# Builds nothing. In a fresh temporary ledger it creates a unit, its lead unit, an issuer
# and a directive with one task (through `dauvet exec`, so through decide()), issues the
# issuer a token, serves the ledger with its default options on a free port, then runs
#   wrk -t2 -c64 --latency  POST /v1/commands/task.create   (each request a new task)
#   wrk -t2 -c64 --latency  GET  /v1/state?stream=task/...  (the one task, over and over)
#   wrk -t2 -c64 --latency  GET  /healthz                   (baseline: the HTTP stack alone)
# and prints requests/s, p50/p99 latency and the count of non-2xx answers for each. Writes
# count only 201s. Afterwards it stops the server with SIGTERM and checks with
# `dauvet verify` that the ledger holds exactly the entries the 201s promised.
# WRK_THREADS, WRK_CONNECTIONS and SERVE_ARGS (extra `dauvet serve` options) override.
set -euo pipefail

dauvet=${1:?usage: bench/wrk/run.sh DAUVET_BINARY [DURATION]}
duration=${2:-20s}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-64}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$dauvet" ] || { echo "run.sh: '$dauvet' is not executable" >&2; exit 2; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "run.sh: curl is not installed" >&2; exit 2; }

# shellcheck source=bench/wrk/lib.sh
source "$here/lib.sh"

dir=$tmp/ledger

echo "== dauvet wrk benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "binary:      $dauvet"
echo "machine:     $(nproc) CPUs, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk:         -t$threads -c$connections -d$duration --latency (on the same machine as the server)"

"$dauvet" init "$dir" --origin bench.example/ledger >"$tmp/init.out" || die "dauvet init failed"
add_bench_directive "$dir"

start_server "$dir"
echo "server:      dauvet serve ${SERVE_ARGS:-(default options)} on $base, pid $server_pid"

# One request of each kind by hand first: a benchmark of errors measures nothing.
stream="task/$issuer/$symbol/$read_item"
state_path="/v1/state?stream=${stream//\//%2F}"
probe=$(curl -sS -o "$tmp/probe.body" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' "$base/v1/commands/task.create" \
  --data-binary "{\"issuer\":\"$issuer\",\"symbol\":\"$symbol\",\"item\":\"probe\",\"content\":\"Thử\",\"lead\":\"$lead\"}")
[ "$probe" = 201 ] || die "a probe task.create answered $probe: $(cat "$tmp/probe.body")"
probe=$(curl -sS -o "$tmp/state.body" -w '%{http_code}' -H "Authorization: Bearer $token" "$base$state_path")
[ "$probe" = 200 ] || die "GET $state_path answered $probe: $(cat "$tmp/state.body")"
echo "read view:   GET $state_path ($(wc -c <"$tmp/state.body") bytes):"
head -c 600 "$tmp/state.body" | sed 's/^/  /'
echo
entries_before=$(curl -sS -o /dev/null -D - "$base/healthz" | tr -d '\r' | sed -n 's/^X-Ledger-Index: //Ip')
entries_before=$((entries_before + 1))
echo "ledger:      $entries_before entries before the write run"

export DAUVET_TOKEN=$token DAUVET_ISSUER=$issuer DAUVET_SYMBOL=$symbol DAUVET_LEAD=$lead DAUVET_STATE_PATH=$state_path

echo
echo "== durable writes: wrk -t$threads -c$connections -d$duration --latency -s write.lua $base"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/write.lua" "$base" | tee "$tmp/write.out"
created=$(sed -n 's/^WRK_RESULT kind=write .* ok=\([0-9]*\) .*/\1/p' "$tmp/write.out")
echo "load average after the write run: $(cut -d' ' -f1-3 /proc/loadavg) (server + wrk + anything else on the machine)"
echo "server writer metrics after the write run:"
curl -sS "$base/metrics" | grep -i -E '^dauvet_(writer|ledger)' | grep -v '^#' | sed 's/^/  /' || true

echo
echo "== task view reads: wrk -t$threads -c$connections -d$duration --latency -s read.lua $base"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/read.lua" "$base" | tee "$tmp/read.out"
echo "load average after the read run: $(cut -d' ' -f1-3 /proc/loadavg)"

# The same server, wrk and minute answering the cheapest route: what the reads are
# measured against, since the machine's speed varies from run to run.
echo
echo "== baseline: wrk -t$threads -c$connections -d$duration --latency GET /healthz"
DAUVET_READ_KIND=healthz DAUVET_STATE_PATH=/healthz \
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/read.lua" "$base" | tee "$tmp/healthz.out"

echo
echo "== after the runs"
stop_server
rc=$serve_rc
echo "dauvet serve exit status on SIGTERM: $rc"
echo "access log:  $(wc -l <"$tmp/access.log") lines"
verify=$("$dauvet" verify "$dir" --key "$(head -n 1 "$tmp/init.out")" 2>&1) || true
echo "verify:      $(echo "$verify" | tr '\n' ' ')"
expected=$((entries_before + ${created:-0}))
counted=$(echo "$verify" | sed -n 's/^ok \([0-9]*\) entries$/\1/p')
# wrk stops reading when the time is up: writes still in flight then (at most one per
# connection) are committed without their 201 being counted.
if [ -n "$counted" ] && [ "$counted" -ge "$expected" ] && [ "$counted" -le $((expected + connections)) ]; then
  echo "entries:     $counted = $entries_before before + $created counted 201s + $((counted - expected)) in flight when wrk stopped"
else
  echo "entries:     MISMATCH: verify says '${counted:-?}', expected $expected ($entries_before before + ${created:-?} 201s) to $((expected + connections))"
  exit 1
fi
[ "$rc" = 0 ] || exit 1
echo
grep -h '^WRK_RESULT' "$tmp/write.out" "$tmp/read.out" "$tmp/healthz.out"
