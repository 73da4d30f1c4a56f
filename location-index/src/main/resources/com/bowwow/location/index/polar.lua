-- The live members of the polar hash (positions beyond Redis GEO's latitude limit), in one round trip.
-- KEYS[1] polar hash, KEYS[2] last-seen sorted set; ARGV: not-before (epoch ms), member to exclude
-- Returns a flat list: member, "longitude,latitude", reportedAt, ...
local all = redis.call('HGETALL', KEYS[1])
local out = {}
local notBefore = tonumber(ARGV[1])
for i = 1, #all, 2 do
  local member = all[i]
  if member ~= ARGV[2] then
    local seen = redis.call('ZSCORE', KEYS[2], member)
    if seen and tonumber(seen) >= notBefore then
      out[#out + 1] = member
      out[#out + 1] = all[i + 1]
      out[#out + 1] = seen
    end
  end
end
return out
