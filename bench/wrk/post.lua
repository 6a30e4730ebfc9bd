-- Form POSTs for bench/run.py, a fixed number per thread, each thread with one
-- connection, so that every request sent is answered before the thread stops: the
-- runner can then compare the successes counted here with the rows stored.
--
-- Arguments after `--`: path, file holding the urlencoded body (without the submission
-- key), the HTTP status that means success, posts per thread, a hex run id (keeps
-- submission keys unique across runs), and a directory where each finished thread
-- leaves a file (wrk waits for its whole duration otherwise; the runner stops it).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]]
local clock = ffi.new("bench_timeval")
local function now()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_usec) / 1e6
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  path = args[1]
  local file = assert(io.open(args[2], "r"))
  body = file:read("*a")
  file:close()
  success = tonumber(args[3])
  limit = tonumber(args[4])
  run = args[5]
  marker_dir = args[6]
  sent, ok, failed = 0, 0, 0
  started, finished = 0, 0
  -- wrk.format replaces wrk's headers (those given with -H) with these: copy them.
  headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  if sent == 0 then started = now() end
  sent = sent + 1
  -- A new form each time: a UUID made of the run, the thread and the count.
  local key = string.format("%s-%04x-4000-8000-%012x", run, id, sent)
  return wrk.format("POST", path, headers, body .. "&submission_key=" .. key)
end

function response(status, headers, body)
  if status == success then ok = ok + 1 else failed = failed + 1 end
  if ok + failed >= limit then
    finished = now()
    local marker = io.open(marker_dir .. "/" .. id, "w")
    marker:write("done")
    marker:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  -- "sent" counts requests made ready: wrk prepares the next one as an answer arrives,
  -- and the last of these is never written once the thread stops.
  local total_ok, total_failed, total_sent, first, last = 0, 0, 0, nil, 0
  local all_finished = true
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
    total_sent = total_sent + thread:get("sent")
    local started, finished = thread:get("started"), thread:get("finished")
    if started > 0 and (first == nil or started < first) then first = started end
    if finished > last then last = finished end
    if finished == 0 then all_finished = false end
  end
  io.write(string.format(
    '\n{"sent": %d, "ok": %d, "failed": %d, "seconds": %.6f, "complete": %s, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    total_sent, total_ok, total_failed, (last > 0 and first) and (last - first) or 0,
    tostring(all_finished),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
