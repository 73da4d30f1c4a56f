-- Newest wins: index a position only when it is newer than the one held for the member.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set; ARGV: member, longitude, latitude, reportedAt (epoch ms)
local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
if current and tonumber(current) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('GEOADD', KEYS[1], ARGV[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1
