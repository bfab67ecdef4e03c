-- wrk script: frps NewProxy calls, in the shape frps posts them to the plugin.
--
--   wrk -tT -c16 -dD -s newproxy.lua URL/port-registrations -- SCENARIO KNOWN NEWSTART NEWCOUNT NEWPERMILLE T [TYPE]
--
-- Proxy i is "u<i % 10000>.p<i>" of user "u<i % 10000>" (50,000 proxies are 10,000 users of 5). Known proxies are 0..KNOWN-1, picked at random;
-- new proxies are NEWSTART, NEWSTART+1, ... spread over the T threads. NEWPERMILLE of every
-- 1000 requests are new (1000: only new, 0: only known). With NEWCOUNT > 0 (run with -t1),
-- the run ends once NEWCOUNT new proxies are answered: the thread interrupts wrk itself, and
-- the rate is NEWCOUNT over the time from the first request to that answer.
-- TYPE is the proxy type, tcp unless given (udp proxies use a port space of their own).
-- done() prints one tab-separated RESULT line that benchmarks/run.sh collects.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } pk_timespec;
int clock_gettime(int clock, pk_timespec *tp);
int kill(int pid, int sig);
int getpid(void);
]]

local function now()
  local t = ffi.new("pk_timespec")
  ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  scenario = args[1] or "run"
  known = tonumber(args[2] or "0")
  new_start = tonumber(args[3] or "0")
  new_count = tonumber(args[4] or "0")
  new_permille = tonumber(args[5] or "0")
  thread_count = tonumber(args[6] or "1")
  proxy_type = args[7] or "tcp"
  sid = tonumber(id)
  new_next = new_start + sid - 1
  new_sent, answered, rejects, granted = 0, 0, 0, 0
  share = new_count > 0 and math.floor((new_count + thread_count - sid) / thread_count) or -1
  t_start, t_end = 0, 0
  math.randomseed(sid * 7919 + os.time())
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.path = wrk.path .. "?version=0.1.0&op=NewProxy"
end

local function body(i)
  local user = "u" .. (i % 10000)
  return '{"version":"0.1.0","op":"NewProxy","content":{"user":{"user":"' .. user .. '","metas":null,"run_id":"5c4b1c8b0a2e7f31"},'
    .. '"proxy_name":"' .. user .. '.p' .. i .. '","proxy_type":"' .. proxy_type .. '","use_encryption":false,"use_compression":true,'
    .. '"bandwidth_limit":"","group":"","group_key":"","local_ip":"127.0.0.1","local_port":22}}'
end

function request()
  if t_start == 0 then
    t_start = now()
  end
  local pick_new = known == 0 or new_permille >= 1000 or (new_permille > 0 and math.random(1000) <= new_permille)
  if pick_new and (share < 0 or new_sent < share) then
    local i = new_next
    new_next = new_next + thread_count
    new_sent = new_sent + 1
    return wrk.format(nil, nil, nil, body(i))
  end
  if known > 0 then
    return wrk.format(nil, nil, nil, body(math.random(0, known - 1)))
  end
  -- Every new proxy of this run is sent: repeat the first one (known by now) until wrk stops.
  return wrk.format(nil, nil, nil, body(new_start + sid - 1))
end

function response(status, headers, resp)
  answered = answered + 1
  if status ~= 200 or not string.find(resp, '"reject":false', 1, true) then
    rejects = rejects + 1
  elseif string.find(resp, '"remote_port"', 1, true) then
    granted = granted + 1
  end
  if share >= 0 and t_end == 0 and answered >= share then
    t_end = now()
    ffi.C.kill(ffi.C.getpid(), 2) -- SIGINT: wrk stops, prints and calls done()
  end
end

function done(summary, latency, requests)
  local sent, rej, counted, first, last = 0, 0, 0, math.huge, 0
  local scenario = threads[1]:get("scenario")
  for _, t in ipairs(threads) do
    sent = sent + t:get("new_sent")
    rej = rej + t:get("rejects")
    first = math.min(first, t:get("t_start"))
    last = math.max(last, t:get("t_end"))
    counted = counted + t:get("share")
  end
  local requests_done, seconds = summary.requests, summary.duration / 1e6
  if counted > 0 and last > 0 then
    requests_done, seconds = counted, last - first
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT\t%s\t%d\t%.3f\t%.1f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n",
    scenario, requests_done, seconds, requests_done / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, rej, sent))
end
