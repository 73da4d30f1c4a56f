-- Expanding-ring nearest search over the live index, in one round trip.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set (score = reportedAt epoch ms)
-- ARGV: longitude, latitude, start radius (m), max radius (m), wanted, not-before (epoch ms), member to exclude,
--   beyond (m, optional: only members at least this far, by Redis's distance)
-- Returns a flat list: member, longitude, latitude, reportedAt, ... nearest first, at most `wanted` valid entries
-- when that many exist within the max radius.
-- GEOSEARCH examines every point inside its radius, so the radius starts small and grows only until enough
-- live members are found: the work follows the number of results wanted, not the number of people in the
-- largest circle.
local lon, lat = ARGV[1], ARGV[2]
local radius = tonumber(ARGV[3])
local maxRadius = tonumber(ARGV[4])
local wanted = tonumber(ARGV[5])
local notBefore = tonumber(ARGV[6])
local exclude = ARGV[7]
local beyond = tonumber(ARGV[8] or '0')
if beyond > 0 then
  -- The next ring of a search that already has everyone nearer: no member inside `beyond` is checked or returned.
  -- Redis cannot skip them, so the rings are bounded by radius rather than COUNT, and grown by the area the ring
  -- still lacks.
  radius = math.max(radius, beyond * 1.25)
  if radius > maxRadius then
    radius = maxRadius
  end
  while true do
    local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'm', 'ASC',
      'WITHDIST', 'WITHCOORD')
    local out = {}
    local valid = 0
    for _, hit in ipairs(hits) do
      local member = hit[1]
      if valid < wanted and member ~= exclude and tonumber(hit[2]) >= beyond then
        local seen = redis.call('ZSCORE', KEYS[2], member)
        if seen and tonumber(seen) >= notBefore then
          valid = valid + 1
          out[#out + 1] = member
          out[#out + 1] = hit[3][1]
          out[#out + 1] = hit[3][2]
          out[#out + 1] = seen
        end
      end
    end
    if valid >= wanted or radius >= maxRadius then
      return out
    end
    -- Members per area is roughly constant locally: grow the ring's area by what is missing, 1.5x to 16x.
    local ratio = 16
    if valid > 0 then
      ratio = math.min(16, math.max(1.5, wanted / valid * 1.2))
    end
    radius = math.min(maxRadius, math.sqrt(beyond * beyond + (radius * radius - beyond * beyond) * ratio))
  end
end
if radius > maxRadius then
  radius = maxRadius
end
local count = wanted + 1
while true do
  local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'm', 'ASC', 'COUNT',
    count, 'WITHCOORD')
  local out = {}
  local valid = 0
  for _, hit in ipairs(hits) do
    local member = hit[1]
    if member ~= exclude then
      local seen = redis.call('ZSCORE', KEYS[2], member)
      if seen and tonumber(seen) >= notBefore then
        valid = valid + 1
        out[#out + 1] = member
        out[#out + 1] = hit[2][1]
        out[#out + 1] = hit[2][2]
        out[#out + 1] = seen
      end
    end
  end
  if valid >= wanted then
    return out
  end
  if #hits >= count then
    -- The nearest `count` include stale or excluded members: ask for more at the same radius.
    count = count + (count - valid)
  elseif radius >= maxRadius then
    return out
  else
    -- Grow by the area still missing (points per area is roughly constant locally), at least 1.5x, at most 4x.
    local factor = 4
    if valid > 0 then
      factor = math.min(4, math.max(1.5, math.sqrt(wanted / valid) * 1.3))
    end
    radius = math.min(maxRadius, radius * factor)
  end
end
