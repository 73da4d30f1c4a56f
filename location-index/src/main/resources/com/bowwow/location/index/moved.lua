-- Who changed position since a moment, in the cells around a point: the newcomer check of a travelling wave
-- reads the few who moved instead of everyone in its disc.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set, KEYS[3] polar hash, KEYS[4..] recent-movers sets of the cells
-- ARGV: since (Redis time, epoch ms, inclusive), not-before (epoch ms), member to exclude
-- Returns {now (Redis time, epoch ms), member, longitude, latitude, reportedAt, ...}: each live member that moved
-- in one of the cells at or after `since`, once, at its current position (which may lie outside the cells: the
-- caller filters by distance). Asking again from `now` misses nobody: a later write is stamped `now` or later.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local notBefore = tonumber(ARGV[2])
local exclude = ARGV[3]
local out = {now}
local done = {}
for i = 4, #KEYS do
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], ARGV[1], '+inf')) do
    if member ~= exclude and not done[member] then
      done[member] = true
      local seen = redis.call('ZSCORE', KEYS[2], member)
      if seen and tonumber(seen) >= notBefore then
        local position = redis.call('GEOPOS', KEYS[1], member)[1]
        if position then
          out[#out + 1] = member
          out[#out + 1] = position[1]
          out[#out + 1] = position[2]
          out[#out + 1] = seen
        else
          local polar = redis.call('HGET', KEYS[3], member)
          if polar then
            local comma = string.find(polar, ',', 1, true)
            out[#out + 1] = member
            out[#out + 1] = string.sub(polar, 1, comma - 1)
            out[#out + 1] = string.sub(polar, comma + 1)
            out[#out + 1] = seen
          end
        end
      end
    end
  end
end
return out
