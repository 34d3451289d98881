-- wrk script: count the answers by status (and the gate's stale boards, X-Board-Stale, and
-- nginx's cache status when the bench config adds X-Cache-Status) per thread, then print one
-- line `STATUS {"200": n, "200 stale": n, "304 HIT": n, "503": n, ...}` at the end.
-- Used by scripts/bench/bench_etag.py (run_wrk):  wrk -s scripts/bench/wrk_status.lua ...
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  local key = tostring(status)
  if headers["X-Board-Stale"] ~= nil or headers["x-board-stale"] ~= nil then
    key = key .. " stale"
  end
  local cache = headers["X-Cache-Status"] or headers["x-cache-status"]
  if cache ~= nil then
    key = key .. " " .. cache
  end
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local got = thread:get("counts")
    if got ~= nil then
      for key, n in pairs(got) do
        total[key] = (total[key] or 0) + n
      end
    end
  end
  local parts = {}
  for key, n in pairs(total) do
    table.insert(parts, string.format('"%s": %d', key, n))
  end
  io.write("STATUS {" .. table.concat(parts, ", ") .. "}\n")
end
