-- wrk script for bench/load.py: counts responses other than 200 (wrk itself counts only
-- 4xx/5xx, so a redirect to the login page would pass unnoticed) and prints the figures as
-- one JSON line that load.py reads: counts, and the latency distribution as its percentiles
-- 1 to 99 and 99.9 (in microseconds), so that rounds can be merged.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
  end
  local errors = summary.errors
  local quantiles = {}
  for p = 1, 99 do
    table.insert(quantiles, latency:percentile(p))
  end
  table.insert(quantiles, latency:percentile(99.9))
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "not_200": %d, "socket_errors": %d, ' ..
    '"max_us": %d, "quantiles_us": [%s]}\n',
    summary.requests, summary.duration, bad,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency.max, table.concat(quantiles, ", ")))
end
