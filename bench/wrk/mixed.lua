-- A mixed workload for wrk: of every 100 requests, 20 durable writes (a progress report on
-- one of a pool of tasks in progress, through decide) and 80 reads drawn at random from a
-- file of paths (task, inspection and case states, unit dashboards, report compliance,
-- indicator progress, timelines and activity, now and as of past indexes). Writes go to a
-- fixed pool of tasks, as a steady state does: the ledger grows, the set of streams not.
-- Environment (set by bench/wrk/mixed.sh):
--   DAUVET_TOKEN        bearer token of the lead unit's clerk (writes)
--   DAUVET_READ_TOKEN   bearer token that may read the whole province (reads)
--   DAUVET_ISSUER, DAUVET_SYMBOL   the benchmark directive; DAUVET_POOL  its tasks P.1..P.n
--   DAUVET_READ_PATHS   a file of paths, one per line
--   DAUVET_WRITE_SHARE  percent of writes, default 20
-- 201 counts as a write, 200 as a read; every other status is tallied and printed.

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local read_token = os.getenv("DAUVET_READ_TOKEN") or error("DAUVET_READ_TOKEN is not set")
local issuer = os.getenv("DAUVET_ISSUER") or error("DAUVET_ISSUER is not set")
local symbol = os.getenv("DAUVET_SYMBOL") or error("DAUVET_SYMBOL is not set")
local pool = tonumber(os.getenv("DAUVET_POOL") or error("DAUVET_POOL is not set"))
local paths_file = os.getenv("DAUVET_READ_PATHS") or error("DAUVET_READ_PATHS is not set")
local write_share = tonumber(os.getenv("DAUVET_WRITE_SHARE") or "20")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Per-thread state; globals, because done() reads them with thread:get().
counter = 0
writes = 0
reads = 0
statuses = {}
sample = nil
local paths = {}

function init(args)
  tid = tid or 0
  for line in io.lines(paths_file) do
    if line ~= "" then table.insert(paths, line) end
  end
  if #paths == 0 then error(paths_file .. " holds no paths") end
  math.randomseed(1000 + tid)
end

function request()
  counter = counter + 1
  if math.random(100) <= write_share then
    local item = "P." .. math.random(pool)
    local body = '{"issuer":"' .. issuer .. '","symbol":"' .. symbol .. '","item":"' .. item ..
                 '","note":"Báo cáo tiến độ lần ' .. counter .. '","percent_bp":' .. math.random(0, 10000) .. '}'
    return wrk.format("POST", "/v1/commands/task.report_progress", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
    }, body)
  end
  return wrk.format("GET", paths[math.random(#paths)], { ["Authorization"] = "Bearer " .. read_token })
end

function response(status, headers, body)
  if status == 201 then
    writes = writes + 1
  elseif status == 200 then
    reads = reads + 1
  else
    statuses[status] = (statuses[status] or 0) + 1
    if sample == nil then sample = status .. " " .. body end
  end
end

function done(summary, latency, requests)
  local total_writes, total_reads, others, first = 0, 0, {}, nil
  for _, t in ipairs(threads) do
    total_writes = total_writes + (t:get("writes") or 0)
    total_reads = total_reads + (t:get("reads") or 0)
    for status, n in pairs(t:get("statuses") or {}) do others[status] = (others[status] or 0) + n end
    first = first or t:get("sample")
  end
  local errors, parts = 0, {}
  for status, n in pairs(others) do
    errors = errors + n
    table.insert(parts, status .. ":" .. n)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("---- dauvet mixed load (%d%% writes) ----\n", write_share))
  io.write(string.format("responses          %d in %.2f s = %.0f/s\n", summary.requests, secs, summary.requests / secs))
  io.write(string.format("201 writes         %d = %.0f/s\n", total_writes, total_writes / secs))
  io.write(string.format("200 reads          %d = %.0f/s\n", total_reads, total_reads / secs))
  io.write(string.format("other statuses     %d  %s\n", errors, table.concat(parts, " ")))
  io.write(string.format("socket errors      connect %d, read %d, write %d, timeout %d\n",
                         e.connect, e.read, e.write, e.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                         latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000))
  if first then io.write("first other        " .. string.sub(first, 1, 400) .. "\n") end
  io.write(string.format("WRK_RESULT kind=mixed rps=%.0f writes=%d reads=%d other=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f\n",
                         summary.requests / secs, total_writes, total_reads, errors,
                         e.connect + e.read + e.write + e.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
