-- Shared by the scenarios: random participants (their bench tokens), proposal ids read
-- from the file the harness wrote, and a count of non-2xx answers per thread.
local common = {}

function common.lines(path)
  local items = {}
  for line in io.lines(path) do if #line > 0 then items[#items + 1] = line end end
  return items
end

function common.token(participants)
  return string.format("Bearer bench-session-%07d-token", math.random(1, participants))
end

local threads = {}
function common.setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function common.init()
  math.randomseed(os.time() * 1000 + (wrk.thread and 0 or 0) + math.floor(os.clock() * 1e6))
  non2xx = 0
end

function common.response(status)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function common.done()
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("non2xx") or 0) end
  io.write(string.format("BENCH_NON2XX %d\n", total))
end

return common
