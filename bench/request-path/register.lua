-- wrk script: registrations, each with a fresh random 64-hex-digit device token
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local hex = "0123456789abcdef"
function request()
  local t = {}
  for i = 1, 64 do
    local k = math.random(1, 16)
    t[i] = hex:sub(k, k)
  end
  local body = '{"deviceToken":"' .. table.concat(t) .. '"}'
  return wrk.format("POST", "/api/v1/users/register", { ["Content-Type"] = "application/json" }, body)
end
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/failures.lua")
