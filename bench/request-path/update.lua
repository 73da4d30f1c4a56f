-- wrk script: location updates, each of wrk's 4 threads posting for its own quarter of the users (so that every
-- user's timestamps rise), each update a new position. Users: "userID accessToken" lines in $BOWWOW_WRK_USERS.
local users = {}
for line in io.lines(os.getenv("BOWWOW_WRK_USERS")) do
  local id, tok = line:match("(%S+)%s+(%S+)")
  users[#users + 1] = { id = id, tok = tok }
end
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
local last, seq, idx = 0, 0, 0
function request()
  local per = math.floor(#users / 4)
  idx = idx + 1
  local u = users[(tid * per) + (idx % per) + 1]
  local now = os.time()
  if now ~= last then last = now; seq = 0 end
  seq = seq + 1
  local ts = os.date("!%Y-%m-%dT%H:%M:%S", now) .. string.format(".%06dZ", seq)
  local lat = 37.5 + math.random() * 0.05
  local lon = 127.0 + math.random() * 0.05
  local body = string.format('{"userID":"%s","location":{"latitude":%.6f,"longitude":%.6f,"timestamp":"%s"}}', u.id, lat, lon, ts)
  return wrk.format("POST", "/api/v1/locations/update", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. u.tok }, body)
end
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/failures.lua")
