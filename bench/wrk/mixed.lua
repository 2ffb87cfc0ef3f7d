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

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "tally.lua")

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local read_token = os.getenv("DAUVET_READ_TOKEN") or error("DAUVET_READ_TOKEN is not set")
local issuer = os.getenv("DAUVET_ISSUER") or error("DAUVET_ISSUER is not set")
local symbol = os.getenv("DAUVET_SYMBOL") or error("DAUVET_SYMBOL is not set")
local pool = tonumber(os.getenv("DAUVET_POOL") or error("DAUVET_POOL is not set"))
local paths_file = os.getenv("DAUVET_READ_PATHS") or error("DAUVET_READ_PATHS is not set")
local write_share = tonumber(os.getenv("DAUVET_WRITE_SHARE") or "20")
local answered = {[200] = true, [201] = true}

counter = 0
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
  tally(status, body, answered)
end

function done(summary, latency, requests)
  local totals, other, parts, first = tally_totals(answered)
  local writes, reads = totals[201] or 0, totals[200] or 0
  local secs = summary.duration / 1e6
  io.write(string.format("---- dauvet mixed load (%d%% writes) ----\n", write_share))
  io.write(string.format("responses          %d in %.2f s = %.0f/s\n", summary.requests, secs, summary.requests / secs))
  io.write(string.format("201 writes         %d = %.0f/s\n", writes, writes / secs))
  io.write(string.format("200 reads          %d = %.0f/s\n", reads, reads / secs))
  io.write(string.format("other statuses     %d  %s\n", other, parts))
  local socket_errors = write_socket_errors(summary)
  write_latency(latency)
  if first then io.write("first other        " .. string.sub(first, 1, 400) .. "\n") end
  local p50, p99 = percentiles(latency)
  io.write(string.format("WRK_RESULT kind=mixed rps=%.0f writes=%d reads=%d other=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f\n",
                         summary.requests / secs, writes, reads, other, socket_errors, p50, p99))
end
