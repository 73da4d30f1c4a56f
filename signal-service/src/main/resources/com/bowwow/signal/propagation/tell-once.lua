-- Publishes each signal_received at most once, across retries and instances.
-- KEYS[i]: the marker of arrival i (set when it is told, kept ARGV[2] seconds)
-- ARGV[1]: the user channels' prefix; ARGV[2]: the markers' lifetime in seconds; ARGV[2 + i]: message i;
-- ARGV[2 + #KEYS + i]: its receiver, whose own channel (the prefix and the receiver's ID) carries it
-- Returns how many messages were published.
local told = 0
local count = #KEYS
for i = 1, count do
  if redis.call('set', KEYS[i], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('publish', ARGV[1] .. ARGV[2 + count + i], ARGV[2 + i])
    told = told + 1
  end
end
return told
