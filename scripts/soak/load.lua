-- wrk script for scripts/soak.sh: authenticated GET / for a bounded number of requests.
--
--   wrk -t T -c C -d CAP -s load.lua http://127.0.0.1:PORT/ -- COOKIES TOTAL THREADS MARKDIR
--
-- COOKIES  file with one `name=value` cookie a line (one signed-in user each); requests rotate
--          through them.
-- TOTAL    requests to complete in all. Thread i gets its share; once it has seen that many
--          responses it stops itself (wrk.thread:stop()) and creates MARKDIR/done.<i>. wrk's main
--          thread only wakes at the -d cap or on SIGINT, so soak.sh sends SIGINT once every
--          thread has its marker; -d is the time cap.
-- THREADS  the -t value (needed to split TOTAL).
--
-- Every response is checked: 2xx, and the body is the signed-in page (holds the sign-out link).
-- done() prints `SOAK_<key> <value>` lines that soak.sh parses.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
  int clock_gettime(int clk_id, soak_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("soak_timespec")
local function now_s()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local MARKER = 'id="sign-out-link"'

-- Setup phase (wrk's main Lua state) ------------------------------------------------------------
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Running phase (one Lua state per wrk thread) --------------------------------------------------
local requests, nreq, next_req = {}, 0, 1
local quota, markdir
-- Counters read by done() through thread:get().
responses, ok2xx, non2xx, signed_in, not_signed_in = 0, 0, 0, 0, 0
first_bad_status, first_bad_body = 0, ""
t_start, t_stop, stopped = 0, 0, false

function init(args)
  local cookies_file, total, nthreads = args[1], tonumber(args[2]), tonumber(args[3])
  markdir = args[4]
  assert(cookies_file and total and nthreads and markdir,
    "usage: -- COOKIES TOTAL THREADS MARKDIR")
  local base, extra = math.floor(total / nthreads), total % nthreads
  quota = base + ((id < extra) and 1 or 0)
  for line in io.lines(cookies_file) do
    if line ~= "" then
      table.insert(requests, wrk.format("GET", wrk.path, { ["Cookie"] = line }))
    end
  end
  nreq = #requests
  assert(nreq > 0, "no cookies in " .. cookies_file)
  -- Spread the threads over the users instead of starting all of them on the first cookie.
  next_req = (id * math.floor(nreq / nthreads)) % nreq + 1
end

function request()
  if t_start == 0 then t_start = now_s() end
  local r = requests[next_req]
  next_req = next_req % nreq + 1
  return r
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  else
    non2xx = non2xx + 1
    if first_bad_status == 0 then first_bad_status = status end
  end
  if status == 200 and string.find(body, MARKER, 1, true) then
    signed_in = signed_in + 1
  else
    not_signed_in = not_signed_in + 1
    if first_bad_body == "" then first_bad_body = string.sub(body, 1, 300) end
  end
  if responses >= quota and not stopped then
    stopped = true
    t_stop = now_s()
    local f = io.open(markdir .. "/done." .. id, "w")
    if f then f:close() end
    wrk.thread:stop()
  end
end

-- Done phase (main Lua state again) -------------------------------------------------------------
function done(summary, latency, reqs)
  local sum = { responses = 0, ok2xx = 0, non2xx = 0, signed_in = 0, not_signed_in = 0 }
  local t0, t1, all_stopped, bad_status, bad_body = math.huge, 0, true, 0, ""
  for _, t in ipairs(threads) do
    for k, _ in pairs(sum) do sum[k] = sum[k] + t:get(k) end
    local s, e = t:get("t_start"), t:get("t_stop")
    if s > 0 and s < t0 then t0 = s end
    if e > t1 then t1 = e end
    if not t:get("stopped") then all_stopped = false end
    if bad_status == 0 then bad_status = t:get("first_bad_status") end
    if bad_body == "" then bad_body = t:get("first_bad_body") end
  end
  local e = summary.errors
  local out = {
    responses = sum.responses, ok2xx = sum.ok2xx, non2xx = sum.non2xx,
    signed_in = sum.signed_in, not_signed_in = sum.not_signed_in,
    wrk_requests = summary.requests, wrk_duration_us = summary.duration,
    socket_connect = e.connect, socket_read = e.read, socket_write = e.write,
    socket_timeout = e.timeout, status_gt399 = e.status,
    completed_by_count = all_stopped and 1 or 0,
    -- Wall time from the first request sent to the last thread reaching its count.
    load_seconds = all_stopped and string.format("%.3f", t1 - t0) or "nan",
    latency_p50_us = latency:percentile(50.0), latency_p90_us = latency:percentile(90.0),
    latency_p99_us = latency:percentile(99.0), latency_p999_us = latency:percentile(99.9),
    latency_max_us = latency.max, latency_mean_us = string.format("%.1f", latency.mean),
    first_bad_status = bad_status,
  }
  local keys = {}
  for k, _ in pairs(out) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("SOAK_%s %s\n", k, tostring(out[k]))) end
  if bad_body ~= "" then
    io.write("SOAK_first_bad_body " .. string.gsub(bad_body, "%s+", " ") .. "\n")
  end
end
