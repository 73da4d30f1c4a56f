-- Shared by update.lua and new-tokens.lua: "userID accessToken" lines of a file, wrk's threads numbered (tid, so each
-- takes its own quarter of the lines), and a location update request for one line, each a new position with a
-- timestamp that rises within the second.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function read_users(path)
  local users = {}
  for line in io.lines(path) do
    local id, tok = line:match("(%S+)%s+(%S+)")
    users[#users + 1] = { id = id, tok = tok }
  end
  return users
end

local last, seq = 0, 0
function update_request(u)
  local now = os.time()
  if now ~= last then last = now; seq = 0 end
  seq = seq + 1
  local ts = os.date("!%Y-%m-%dT%H:%M:%S", now) .. string.format(".%06dZ", seq)
  local lat = 37.5 + math.random() * 0.05
  local lon = 127.0 + math.random() * 0.05
  local body = string.format('{"userID":"%s","location":{"latitude":%.6f,"longitude":%.6f,"timestamp":"%s"}}', u.id, lat, lon, ts)
  return wrk.format("POST", "/api/v1/locations/update", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. u.tok }, body)
end
