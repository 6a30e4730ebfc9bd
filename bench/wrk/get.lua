-- GET load for bench/run.py. Arguments after `--`: paths separated by "|" (taken in
-- turn) and "bust" to add a query string no request repeats, so that no cache can
-- answer (the uncached measurements). Prints one JSON line at the end.
local paths = {}
local bust = false
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  for path in string.gmatch(args[1], "[^|]+") do
    table.insert(paths, path)
  end
  bust = args[2] == "bust"
  counter = id * 1000000000
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if bust then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "bench=" .. counter
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\n{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
