# Shared by the wrk scripts: a temporary work area that is always cleaned up, and a
# `dauvet serve` on a free loopback port. Source it after setting `dauvet`.
#   start_server DIR   sets server_pid, port and base; dies if the server does not listen
#   add_bench_directive DIR   a unit, its lead unit, an issuer and a directive with one
#                      task in progress (through `dauvet exec`, so through decide());
#                      sets token to a bearer token of that issuer
#   die MESSAGE        prints it (and the server's stderr) and exits 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dauvet-wrk-XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
die() { echo "$(basename "$0"): $*" >&2; [ -f "$tmp/serve.err" ] && sed 's/^/  serve: /' "$tmp/serve.err" >&2; exit 1; }

start_server() {
  # shellcheck disable=SC2086  # SERVE_ARGS is a list of options
  "$dauvet" serve "$1" --listen 127.0.0.1:0 ${SERVE_ARGS:-} >"$tmp/access.log" 2>"$tmp/serve.err" &
  server_pid=$!
  port=
  for _ in $(seq 1 600); do
    port=$(sed -n 's|^dauvet: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/serve.err")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || die "dauvet serve exited before listening"
    sleep 0.1
  done
  [ -n "$port" ] || die "dauvet serve did not name its port"
  base=http://127.0.0.1:$port
}

# Stops the server with SIGTERM; sets serve_rc to its exit status.
stop_server() {
  kill -TERM "$server_pid"
  serve_rc=0
  wait "$server_pid" || serve_rc=$?
  server_pid=
}

issuer=bench-unit
lead=bench-lead
symbol=99-KH/BENCH
read_item=R.1
add_bench_directive() {
  local dir=$1
  cat >"$tmp/setup.ndjson" <<EOF
{"type":"unit.create","body":{"id":"$issuer","name":"Đơn vị đo tải","kind":"khac","parent":"root"}}
{"type":"unit.create","body":{"id":"$lead","name":"Đơn vị chủ trì đo tải","kind":"khac","parent":"$issuer"}}
{"type":"actor.register","body":{"id":"bench-issuer","unit":"$issuer","role":"issuer","name":"Chuyên viên đo tải"}}
{"type":"actor.register","body":{"id":"bench-clerk","unit":"$lead","role":"clerk","name":"Chuyên viên chủ trì"}}
{"type":"directive.issue","body":{"issuer":"$issuer","symbol":"$symbol","kind":"ke_hoach","date":"2025-01-02","signer":"Trưởng ban","title":"Kế hoạch đo tải"},"as":"bench-issuer"}
{"type":"task.create","body":{"issuer":"$issuer","symbol":"$symbol","item":"$read_item","content":"Nhiệm vụ được đọc","lead":"$lead","time_frame":{"raw":"Trước ngày 31/12/2025","schedule":{"kind":"once","due":["2025-12-31"],"recurrence":null,"needs_review":false,"raw":"Trước ngày 31/12/2025"}}},"as":"bench-issuer"}
{"type":"task.acknowledge","body":{"issuer":"$issuer","symbol":"$symbol","item":"$read_item","note":"Đã nhận"},"as":"bench-clerk"}
{"type":"task.start","body":{"issuer":"$issuer","symbol":"$symbol","item":"$read_item"},"as":"bench-clerk"}
{"type":"task.report_progress","body":{"issuer":"$issuer","symbol":"$symbol","item":"$read_item","note":"Đã làm một nửa","percent_bp":5000},"as":"bench-clerk"}
EOF
  "$dauvet" exec "$dir" "$tmp/setup.ndjson" >"$tmp/exec.out" 2>&1 || { cat "$tmp/exec.out" >&2; die "dauvet exec failed"; }
  token=$("$dauvet" token create "$dir" --actor bench-issuer --role issuer --unit "$issuer" 2>/dev/null) || die "token create failed"
}
