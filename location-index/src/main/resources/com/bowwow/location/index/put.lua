-- Newest wins: index a position only when it is newer than the one held for the member.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set, KEYS[3] polar hash (member -> "longitude,latitude"),
-- KEYS[4] the recent-movers set of the position's cell (member -> when it changed, Redis time in epoch ms)
-- ARGV: member, longitude, latitude, reportedAt (epoch ms), how long movers are kept (ms), and for a scratch index
-- (a warm-up's) how long its keys live (ms): set here, with the write, so that no moment leaves them without expiry
-- Returns {0} when unchanged; {1} when changed and nothing was held before; {1, longitude, latitude, reportedAt}
-- of the position it replaced otherwise (the stream publishes a move to the area it left as well).
-- Redis GEO stops at ±85.05112878° latitude: positions beyond it go to the polar hash instead (few people live
-- there, so searches scan it by great-circle distance), and a member is only ever in one of the two.
local function expire()
  if ARGV[6] then
    for i = 1, 3 do
      redis.call('PEXPIRE', KEYS[i], ARGV[6])
    end
  end
end
local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
if current and tonumber(current) >= tonumber(ARGV[4]) then
  return {0}
end
local result = {1}
if current then
  local polar = redis.call('HGET', KEYS[3], ARGV[1])
  if polar then
    local comma = string.find(polar, ',', 1, true)
    result = {1, string.sub(polar, 1, comma - 1), string.sub(polar, comma + 1), current}
  else
    local held = redis.call('GEOPOS', KEYS[1], ARGV[1])[1]
    if held then
      result = {1, held[1], held[2], current}
    end
  end
end
if math.abs(tonumber(ARGV[3])) > 85.05112878 then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. ',' .. ARGV[3])
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('GEOADD', KEYS[1], ARGV[2], ARGV[3], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
-- Stamped with Redis's clock, the one every reader of the movers sets shares (see moved.lua).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[4], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (now - tonumber(ARGV[5])))
redis.call('PEXPIRE', KEYS[4], ARGV[5])
expire()
return result
