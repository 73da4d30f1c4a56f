-- Publishes each signal_received at most once, across retries and instances.
-- KEYS[i]: the marker of arrival i (set when it is told, kept ARGV[2] seconds)
-- ARGV[1]: the channel; ARGV[2]: the markers' lifetime in seconds; ARGV[2 + i]: message i
-- Returns how many messages were published.
local told = 0
for i = 1, #KEYS do
  if redis.call('set', KEYS[i], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('publish', ARGV[1], ARGV[2 + i])
    told = told + 1
  end
end
return told
