-- bench/run.py drives every measure through this script.
-- Arguments (after --): a requests file, a cookies file (either may be "-").
--   requests file: one request a line, "METHOD<TAB>PATH<TAB>BODY<TAB>CONTENT-TYPE"
--   cookies file:  one Cookie header value a line; requests rotate over them.
-- At the end it prints one line, "BENCH_RESULT {json}", that bench/run.py parses.

local requests_list = {}
local cookies = {}
local counter = 0

local function read_lines(path)
  local lines = {}
  if path == nil or path == "-" then return lines end
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if #line > 0 then table.insert(lines, line) end
  end
  file:close()
  return lines
end

local function split_tabs(line)
  local parts = {}
  for part in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(parts, part) end
  return parts
end

function init(args)
  for _, line in ipairs(read_lines(args[1])) do
    local p = split_tabs(line)
    table.insert(requests_list, { method = p[1], path = p[2], body = p[3] or "", ctype = p[4] or "" })
  end
  cookies = read_lines(args[2])
  -- Threads start at different places in the lists.
  counter = math.random(0, 1000)
end

function request()
  counter = counter + 1
  local r = requests_list[(counter % #requests_list) + 1]
  local headers = {}
  if #cookies > 0 then headers["Cookie"] = cookies[(counter % #cookies) + 1] end
  local body = nil
  if r.body ~= "" then
    body = r.body
    headers["Content-Type"] = r.ctype
  end
  return wrk.format(r.method, r.path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p95_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,'
    .. '"errors_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
