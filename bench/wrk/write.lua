-- Durable writes for wrk: every request is a task.create of a new, unique item under the
-- benchmark directive, so each one must go through decide() and commit to succeed.
-- Environment (set by bench/wrk/run.sh):
--   DAUVET_TOKEN   bearer token of an issuer in DAUVET_ISSUER
--   DAUVET_ISSUER  the directive's issuing unit;  DAUVET_SYMBOL  its symbol
--   DAUVET_LEAD    the lead unit of every task
-- Only 201 Created counts as a durable write; every other status is tallied and printed.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "tally.lua")

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local issuer = os.getenv("DAUVET_ISSUER") or error("DAUVET_ISSUER is not set")
local symbol = os.getenv("DAUVET_SYMBOL") or error("DAUVET_SYMBOL is not set")
local lead = os.getenv("DAUVET_LEAD") or error("DAUVET_LEAD is not set")
local created = {[201] = true}

counter = 0

function request()
  counter = counter + 1
  local item = "w" .. (tid or 0) .. "-" .. counter
  local body = '{"issuer":"' .. issuer .. '","symbol":"' .. symbol .. '","item":"' .. item ..
               '","content":"Nhiệm vụ đo tải ' .. item .. '","lead":"' .. lead .. '"}'
  return wrk.format("POST", "/v1/commands/task.create", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  tally(status, body, created)
end

function done(summary, latency, requests)
  local totals, non2xx, parts, first = tally_totals(created)
  local writes = totals[201] or 0
  local secs = summary.duration / 1e6
  io.write("---- dauvet durable writes (POST /v1/commands/task.create) ----\n")
  io.write(string.format("responses          %d in %.2f s\n", summary.requests, secs))
  io.write(string.format("requests/s         %.0f (all answers)\n", summary.requests / secs))
  io.write(string.format("201 created        %d  = %.0f durable writes/s\n", writes, writes / secs))
  io.write(string.format("non-2xx            %d  %s\n", non2xx, parts))
  write_socket_errors(summary)
  write_latency(latency)
  if first then io.write("first non-201      " .. string.sub(first, 1, 400) .. "\n") end
  local p50, p99 = percentiles(latency)
  io.write(string.format("WRK_RESULT kind=write rps=%.0f ok=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n",
                         writes / secs, writes, non2xx, p50, p99))
end
