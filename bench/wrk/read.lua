-- Reads of one task view for wrk: GET /v1/state?stream=<task stream>, the same request
-- over and over. Environment (set by bench/wrk/run.sh):
--   DAUVET_TOKEN  a bearer token;  DAUVET_STATE_PATH  the path and query to read
--   DAUVET_READ_KIND  the label of the result line: "read" (default), or "healthz" for the
--                     baseline run of GET /healthz, the ceiling of the HTTP stack alone
-- Only 200 counts; every other status is tallied and printed.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "tally.lua")

local token = os.getenv("DAUVET_TOKEN") or error("DAUVET_TOKEN is not set")
local path = os.getenv("DAUVET_STATE_PATH") or error("DAUVET_STATE_PATH is not set")
local kind = os.getenv("DAUVET_READ_KIND") or "read"
local ok = {[200] = true}

wrk.method = "GET"
wrk.path = path
wrk.headers["Authorization"] = "Bearer " .. token

function response(status, headers, body)
  tally(status, body, ok)
end

function done(summary, latency, requests)
  local totals, non2xx, parts, first = tally_totals(ok)
  local reads = totals[200] or 0
  local secs = summary.duration / 1e6
  io.write("---- dauvet " .. (kind == "read" and "task view reads" or kind) .. " (GET " .. path .. ") ----\n")
  io.write(string.format("responses          %d in %.2f s\n", summary.requests, secs))
  io.write(string.format("requests/s         %.0f (all answers)\n", summary.requests / secs))
  io.write(string.format("200 ok             %d  = %.0f reads/s\n", reads, reads / secs))
  io.write(string.format("non-2xx            %d  %s\n", non2xx, parts))
  write_socket_errors(summary)
  write_latency(latency)
  if first then io.write("first non-200      " .. string.sub(first, 1, 400) .. "\n") end
  local p50, p99 = percentiles(latency)
  io.write(string.format("WRK_RESULT kind=" .. kind .. " rps=%.0f ok=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n",
                         reads / secs, reads, non2xx, p50, p99))
end
