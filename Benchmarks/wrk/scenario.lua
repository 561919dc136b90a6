-- One script for every HTTP scenario; BENCH_SCENARIO picks the request.
package.path = os.getenv("BENCH_DIR") .. "/wrk/?.lua;" .. package.path
local common = require("common")
local scenario = os.getenv("BENCH_SCENARIO")
local participants = tonumber(os.getenv("BENCH_PARTICIPANTS"))
local ids, hot, projects, slug, deep

setup = common.setup
function init(args)
  common.init()
  ids = common.lines(os.getenv("BENCH_IDS"))
  projects = common.lines(os.getenv("BENCH_PROJECTS"))
  hot = {}
  for i = 1, 10 do hot[i] = ids[i] end
  deep = os.getenv("BENCH_DEEP_CURSOR")
end

function request()
  local auth = { ["Authorization"] = common.token(participants) }
  if scenario == "support" then
    return wrk.format("PUT", "/v1/proposals/" .. ids[math.random(#ids)] .. "/support", auth)
  elseif scenario == "support-hot" then
    return wrk.format("PUT", "/v1/proposals/" .. hot[math.random(#hot)] .. "/support", auth)
  elseif scenario == "top-first" then
    return wrk.format("GET", "/v1/campaigns/bench-dialog/proposals?sort=top&limit=20")
  elseif scenario == "top-304" then
    return wrk.format("GET", "/v1/campaigns/bench-dialog/proposals?sort=top&limit=20", { ["If-None-Match"] = os.getenv("BENCH_ETAG") })
  elseif scenario == "results" then
    return wrk.format("GET", "/v1/campaigns/bench-budget/results")
  elseif scenario == "search" then
    -- German stems, ranked by ts_rank: one proposal in eight matches (seed.sql).
    return wrk.format("GET", "/v1/campaigns/bench-dialog/proposals?q=Baum&limit=20")
  elseif scenario == "top-deep" then
    return wrk.format("GET", "/v1/campaigns/bench-dialog/proposals?sort=top&limit=20&cursor=" .. deep)
  elseif scenario == "proposal" then
    local id = ids[math.random(#ids)]
    return wrk.format("GET", "/v1/proposals/" .. id .. "/comments?limit=20")
  elseif scenario == "ballot" then
    local choices = {}
    local start = math.random(1, #projects - 5)
    for i = 0, 4 do choices[#choices + 1] = '{"proposalId":"' .. projects[start + i] .. '"}' end
    auth["Content-Type"] = "application/json"
    return wrk.format("PUT", "/v1/campaigns/bench-budget/ballots/city", auth, '{"choices":[' .. table.concat(choices, ",") .. ']}')
  elseif scenario == "plan-submit" then
    -- Every participant has a balanced draft (planner-seed.sql): submitting replaces their plan.
    return wrk.format("POST", "/v1/campaigns/bench-budget/planner/plan/submit", auth)
  elseif scenario == "comment" then
    auth["Content-Type"] = "application/json"
    return wrk.format("POST", "/v1/proposals/" .. ids[math.random(#ids)] .. "/comments", auth,
      '{"body":"Ein Kommentar aus dem Lasttest.","stance":"neutral"}')
  end
end

-- top-304 expects 304 Not Modified; anything else (a 200 with the whole page) is counted.
function response(status, headers, body)
  if scenario == "top-304" then
    if status ~= 304 then non2xx = non2xx + 1 end
  else
    common.response(status)
  end
end
done = function(summary, latency, requests) common.done() end
