-- Which of the members any of the sets holds, in one command: the 1-based positions of
-- the members flagged by at least one set.
-- KEYS[1..] the sets (a viewer's block set, the suspended set, the deleted set)
-- ARGV[1..] the members asked about
local hidden = {}
local flagged = {}
-- SMISMEMBER in slices: unpack() of thousands of arguments would overflow Lua's stack
local slice = 500
for k = 1, #KEYS do
  for from = 1, #ARGV, slice do
    local to = math.min(from + slice - 1, #ARGV)
    local flags = redis.call('smismember', KEYS[k], unpack(ARGV, from, to))
    for i = 1, #flags do
      local position = from + i - 1
      if flags[i] == 1 and not flagged[position] then
        flagged[position] = true
        hidden[#hidden + 1] = position
      end
    end
  end
end
return hidden
