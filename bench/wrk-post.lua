-- wrk script: POSTs one JSON body over and over; with "orders" as the second
-- argument every request carries a unique Idempotency-Key, so each one is a
-- new order (wrk ... -s bench/wrk-post.lua URL -- BODY_FILE [orders]).
-- Prints one "WRK_JSON {...}" line: requests/s, latency percentiles (us) and
-- response counts by status, for scripts/bench.sh.
local body_file, mode = nil, nil
local threads = {}
local counter = 0
statuses = {}  -- global: done() reads it from each thread
local run_nonce = os.time()

function setup(thread)
  thread:set("id", #threads + 1)
  thread:set("nonce", run_nonce)
  table.insert(threads, thread)
end

function init(args)
  body_file, mode = args[1], args[2]
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  statuses = {}
end

function request()
  if mode == "orders" then
    counter = counter + 1
    -- Unique across threads and runs: thread id, a per-run nonce, a counter.
    wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", nonce, id, counter)
  end
  return wrk.format()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do by_status[tostring(code)] = (by_status[tostring(code)] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(by_status) do table.insert(parts, string.format('"%s":%d', code, n)) end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"requests_per_s":%.1f,"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    table.concat(parts, ",")))
end
