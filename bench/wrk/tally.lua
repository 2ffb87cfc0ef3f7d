-- What the wrk scripts share, loaded by each with dofile(): every thread gets an id
-- (`tid`), answers are counted by status per thread (globals, because done() reads them
-- in the main state with thread:get()), and the report prints totals and latency.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

counts = {}   -- status -> answers, in this thread
sample = nil  -- the first answer with a status the script did not expect

-- Counts one answer; `expected` is a set of statuses ({[200] = true}).
function tally(status, body, expected)
  counts[status] = (counts[status] or 0) + 1
  if not expected[status] and sample == nil then sample = status .. " " .. body end
end

-- Main state, in done(): every thread's counts summed, the unexpected ones as
-- "status:n" parts and their total, and the first sample.
function tally_totals(expected)
  local totals, first = {}, nil
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts") or {}) do totals[status] = (totals[status] or 0) + n end
    first = first or t:get("sample")
  end
  local other, parts = 0, {}
  for status, n in pairs(totals) do
    if not expected[status] then
      other = other + n
      table.insert(parts, status .. ":" .. n)
    end
  end
  return totals, other, table.concat(parts, " "), first
end

function write_socket_errors(summary)
  local e = summary.errors
  io.write(string.format("socket errors      connect %d, read %d, write %d, timeout %d\n",
                         e.connect, e.read, e.write, e.timeout))
  return e.connect + e.read + e.write + e.timeout
end

function write_latency(latency)
  io.write(string.format("latency p50        %.2f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p90        %.2f ms\n", latency:percentile(90) / 1000))
  io.write(string.format("latency p99        %.2f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max        %.2f ms\n", latency.max / 1000))
end

-- p50 and p99 in ms, for the WRK_RESULT line the shell scripts read.
function percentiles(latency)
  return latency:percentile(50) / 1000, latency:percentile(99) / 1000
end
