-- Reads of one task view for wrk: GET /v1/state?stream=<task stream>, the same request
-- over and over. Environment (set by bench/wrk/run.sh):
--   DAUVET_TOKEN  a bearer token;  DAUVET_STATE_PATH  the path and query to read
-- Only 200 counts; every other status is tallied and printed.

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local path = os.getenv("DAUVET_STATE_PATH") or error("DAUVET_STATE_PATH is not set")

wrk.method = "GET"
wrk.path = path
wrk.headers["Authorization"] = "Bearer " .. token

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per-thread state; globals, because done() reads them with thread:get().
okays = 0
statuses = {}
sample = nil

function response(status, headers, body)
  if status == 200 then
    okays = okays + 1
  else
    statuses[status] = (statuses[status] or 0) + 1
    if sample == nil then sample = status .. " " .. body end
  end
end

function done(summary, latency, requests)
  local total_ok, others, first = 0, {}, nil
  for _, t in ipairs(threads) do
    total_ok = total_ok + (t:get("okays") or 0)
    for status, n in pairs(t:get("statuses") or {}) do others[status] = (others[status] or 0) + n end
    first = first or t:get("sample")
  end
  local non2xx, parts = 0, {}
  for status, n in pairs(others) do
    if status < 200 or status > 299 then non2xx = non2xx + n end
    table.insert(parts, status .. ":" .. n)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write("---- dauvet task view reads (GET " .. path .. ") ----\n")
  io.write(string.format("responses          %d in %.2f s\n", summary.requests, secs))
  io.write(string.format("requests/s         %.0f (all answers)\n", summary.requests / secs))
  io.write(string.format("200 ok             %d  = %.0f reads/s\n", total_ok, total_ok / secs))
  io.write(string.format("non-2xx            %d  %s\n", non2xx, table.concat(parts, " ")))
  io.write(string.format("socket errors      connect %d, read %d, write %d, timeout %d\n",
                         e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency p50        %.2f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p90        %.2f ms\n", latency:percentile(90) / 1000))
  io.write(string.format("latency p99        %.2f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max        %.2f ms\n", latency.max / 1000))
  if first then io.write("first non-200      " .. string.sub(first, 1, 400) .. "\n") end
  io.write(string.format("WRK_RESULT kind=read rps=%.0f ok=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n",
                         total_ok / secs, total_ok, non2xx,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
