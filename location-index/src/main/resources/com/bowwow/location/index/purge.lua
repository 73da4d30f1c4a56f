-- Removes up to ARGV[2] members last seen before ARGV[1] (epoch ms) from every structure; returns how many.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set, KEYS[3] polar hash
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #stale > 0 then
  redis.call('ZREM', KEYS[2], unpack(stale))
  redis.call('ZREM', KEYS[1], unpack(stale))
  redis.call('HDEL', KEYS[3], unpack(stale))
end
return #stale
