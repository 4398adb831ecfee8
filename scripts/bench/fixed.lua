-- wrk script for scripts/bench.sh: GET for a fixed time (wrk -d), every response checked.
--
--   wrk -t T -c C -d SECS --latency -s fixed.lua http://127.0.0.1:PORT/PATH -- COOKIES STATUS MARKER [ORDER]
--
-- COOKIES  file with one `name=value` cookie a line, requests rotate through them; `-` for none.
-- ORDER    `rotate` (default) or `random`: each request picks a cookie at random (visitors
--          arriving in no order, as scripts/sessions_at_scale.sh wants).
-- STATUS   the expected status (200 for the signed-in page, 303 for /sign-in).
-- MARKER   text every expected body contains; `-` for no check.
-- done() prints `BENCH_<key> <value>` lines that bench.sh parses.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local requests, nreq, next_req = {}, 0, 1
local expected_status, marker, random_order
-- Counters read by done() through thread:get().
good, bad, first_bad_status = 0, 0, 0

function init(args)
  local cookies_file = args[1]
  expected_status = tonumber(args[2])
  marker = args[3]
  random_order = args[4] == "random"
  math.randomseed(os.time() + id * 7919)
  assert(cookies_file and expected_status and marker, "usage: -- COOKIES STATUS MARKER")
  if cookies_file == "-" then
    table.insert(requests, wrk.format("GET", wrk.path))
  else
    for line in io.lines(cookies_file) do
      if line ~= "" then
        table.insert(requests, wrk.format("GET", wrk.path, { ["Cookie"] = line }))
      end
    end
  end
  nreq = #requests
  assert(nreq > 0, "no cookies in " .. cookies_file)
  next_req = (id * 7) % nreq + 1
end

function request()
  if random_order then return requests[math.random(nreq)] end
  local r = requests[next_req]
  next_req = next_req % nreq + 1
  return r
end

function response(status, headers, body)
  if status == expected_status and (marker == "-" or string.find(body, marker, 1, true)) then
    good = good + 1
  else
    bad = bad + 1
    if first_bad_status == 0 then first_bad_status = status end
  end
end

function done(summary, latency, reqs)
  local good_sum, bad_sum, bad_status = 0, 0, 0
  for _, t in ipairs(threads) do
    good_sum = good_sum + t:get("good")
    bad_sum = bad_sum + t:get("bad")
    if bad_status == 0 then bad_status = t:get("first_bad_status") end
  end
  local e = summary.errors
  local out = {
    responses = summary.requests, duration_us = summary.duration,
    good = good_sum, bad = bad_sum, first_bad_status = bad_status,
    socket_errors = e.connect + e.read + e.write + e.timeout,
    rps = string.format("%.1f", summary.requests / (summary.duration / 1e6)),
    p50_us = latency:percentile(50.0), p99_us = latency:percentile(99.0),
    max_us = latency.max,
  }
  local keys = {}
  for k, _ in pairs(out) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("BENCH_%s %s\n", k, tostring(out[k]))) end
end
