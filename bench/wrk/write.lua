-- Durable writes for wrk: every request is a task.create of a new, unique item under the
-- benchmark directive, so each one must go through decide() and commit to succeed.
-- Environment (set by bench/wrk/run.sh):
--   DAUVET_TOKEN   bearer token of an issuer in DAUVET_ISSUER
--   DAUVET_ISSUER  the directive's issuing unit;  DAUVET_SYMBOL  its symbol
--   DAUVET_LEAD    the lead unit of every task
-- Only 201 Created counts as a durable write; every other status is tallied and printed.

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local issuer = os.getenv("DAUVET_ISSUER") or error("DAUVET_ISSUER is not set")
local symbol = os.getenv("DAUVET_SYMBOL") or error("DAUVET_SYMBOL is not set")
local lead = os.getenv("DAUVET_LEAD") or error("DAUVET_LEAD is not set")

local threads = {}
local next_id = 0

-- Runs in the main Lua state once per wrk thread, before it starts.
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Per-thread state; globals, because done() reads them with thread:get().
counter = 0
created = 0
statuses = {}   -- status -> count, every status other than 201
sample = nil    -- the first non-201 answer, for the report

function init(args)
  tid = tid or 0
end

function request()
  counter = counter + 1
  local item = "w" .. tid .. "-" .. counter
  local body = '{"issuer":"' .. issuer .. '","symbol":"' .. symbol .. '","item":"' .. item ..
               '","content":"Nhiệm vụ đo tải ' .. item .. '","lead":"' .. lead .. '"}'
  return wrk.format("POST", "/v1/commands/task.create", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    statuses[status] = (statuses[status] or 0) + 1
    if sample == nil then sample = status .. " " .. body end
  end
end

-- Back in the main state: gather the per-thread tallies (thread:get copies values out).
local function collect()
  local total_created, others, first = 0, {}, nil
  for _, t in ipairs(threads) do
    total_created = total_created + (t:get("created") or 0)
    local s = t:get("statuses") or {}
    for status, n in pairs(s) do others[status] = (others[status] or 0) + n end
    first = first or t:get("sample")
  end
  return total_created, others, first
end

function done(summary, latency, requests)
  local total_created, others, first = collect()
  local non2xx = 0
  local parts = {}
  for status, n in pairs(others) do
    if status < 200 or status > 299 then non2xx = non2xx + n end
    table.insert(parts, status .. ":" .. n)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write("---- dauvet durable writes (POST /v1/commands/task.create) ----\n")
  io.write(string.format("responses          %d in %.2f s\n", summary.requests, secs))
  io.write(string.format("requests/s         %.0f (all answers)\n", summary.requests / secs))
  io.write(string.format("201 created        %d  = %.0f durable writes/s\n", total_created, total_created / secs))
  io.write(string.format("non-2xx            %d  %s\n", non2xx, table.concat(parts, " ")))
  io.write(string.format("socket errors      connect %d, read %d, write %d, timeout %d\n",
                         e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency p50        %.2f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p90        %.2f ms\n", latency:percentile(90) / 1000))
  io.write(string.format("latency p99        %.2f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max        %.2f ms\n", latency.max / 1000))
  if first then io.write("first non-201      " .. string.sub(first, 1, 400) .. "\n") end
  io.write(string.format("WRK_RESULT kind=write rps=%.0f ok=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n",
                         total_created / secs, total_created, non2xx,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
