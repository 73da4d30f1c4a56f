-- What keeps each pair of users apart, in one command, one code per pair in order:
-- 0 nothing, 1 either is suspended, 2 a block stands between them (either way),
-- 3 either was deleted recently. The first that applies wins, in that order.
-- KEYS[1] the suspended set, KEYS[2] the deleted set, KEYS[2 + i] pair i's first user's
-- block set
-- ARGV[2i - 1], ARGV[2i] pair i's users (the second is '' when there is none: only the
-- first user's own standing is asked)
local codes = {}
for i = 1, #ARGV / 2 do
  local one, other = ARGV[2 * i - 1], ARGV[2 * i]
  local code = 0
  if redis.call('sismember', KEYS[1], one) == 1
      or (other ~= '' and redis.call('sismember', KEYS[1], other) == 1) then
    code = 1
  elseif other ~= '' and redis.call('sismember', KEYS[2 + i], other) == 1 then
    code = 2
  elseif redis.call('sismember', KEYS[2], one) == 1
      or (other ~= '' and redis.call('sismember', KEYS[2], other) == 1) then
    code = 3
  end
  codes[i] = code
end
return codes
