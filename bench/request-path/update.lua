-- wrk script: location updates, each of wrk's 4 threads posting for its own quarter of the users (so that every
-- user's timestamps rise), each update a new position. Users: "userID accessToken" lines in $BOWWOW_WRK_USERS.
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/update-request.lua")
local users = read_users(os.getenv("BOWWOW_WRK_USERS"))
local idx = 0
function request()
  local per = math.floor(#users / 4)
  idx = idx + 1
  return update_request(users[(tid * per) + (idx % per) + 1])
end
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/failures.lua")
