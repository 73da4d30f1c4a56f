-- A token user's standing in one command: 1 revoked, 2 suspended, 3 unknown (a marker
-- that says the sets are complete is missing), 0 active.
-- KEYS[1] the user's revocation key, KEYS[2] the suspended set, KEYS[3..] the ready markers
-- ARGV[1] the user's ID
if redis.call('exists', KEYS[1]) == 1 then
  return 1
end
if redis.call('sismember', KEYS[2], ARGV[1]) == 1 then
  return 2
end
for i = 3, #KEYS do
  if redis.call('exists', KEYS[i]) == 0 then
    return 3
  end
end
return 0
