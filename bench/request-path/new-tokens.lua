-- wrk script: location updates, each with an access token the stack has not seen (the first request of a token,
-- as after a deploy or a scale-out). Tokens: "userID accessToken" lines in $BOWWOW_WRK_TOKENS, each used once; each
-- of wrk's 4 threads takes its own quarter and stops when it has used them all.
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/update-request.lua")
local tokens = read_users(os.getenv("BOWWOW_WRK_TOKENS"))
local idx = 0
function request()
  local per = math.floor(#tokens / 4)
  idx = idx + 1
  if idx > per then
    -- spent: a known token from now on would be another measurement
    wrk.thread:stop()
    idx = per
  end
  return update_request(tokens[(tid * per) + idx])
end
dofile(os.getenv("BOWWOW_WRK_DIR") .. "/failures.lua")
