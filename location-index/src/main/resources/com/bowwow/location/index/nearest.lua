-- Expanding-ring nearest search over the live index, in one round trip.
-- KEYS[1] GEO set, KEYS[2] last-seen sorted set (score = reportedAt epoch ms)
-- ARGV: longitude, latitude, start radius (m), max radius (m), wanted, not-before (epoch ms), member to exclude,
--   beyond (m, optional: only members farther than this, by Redis's distance)
-- Returns a flat list: member, geohash (integer, 52 bits), reportedAt, ... nearest first, at most `wanted` valid
-- entries when that many exist within the max radius.
-- GEOSEARCH examines every point inside its radius, so the radius starts small and grows only until enough
-- live members are found: the work follows the number of results wanted, not the number of people in the
-- largest circle. Positions travel as the integer geohash (WITHHASH), decoded by the caller: Redis formats
-- coordinates (WITHCOORD, GEOPOS) as text at about 5 us each, five times the cost of the search itself.
local lon, lat = ARGV[1], ARGV[2]
local radius = tonumber(ARGV[3])
local maxRadius = tonumber(ARGV[4])
local wanted = tonumber(ARGV[5])
local notBefore = tonumber(ARGV[6])
local exclude = ARGV[7]
local beyond = tonumber(ARGV[8] or '0')

-- The valid members of `hits` (nearest first) from position `from` on, at most `wanted`. Last-seen scores are read
-- in chunks (ZMSCORE): a ZSCORE per member cost twice as much.
local CHUNK = 500
local function collect(hits, from)
  local out = {}
  local valid = 0
  local i = from
  while i <= #hits and valid < wanted do
    local members = {}
    local last = math.min(#hits, i + CHUNK - 1)
    for j = i, last do
      members[#members + 1] = hits[j][1]
    end
    local seen = redis.call('ZMSCORE', KEYS[2], unpack(members))
    for j = 1, #members do
      if valid >= wanted then
        break
      end
      if members[j] ~= exclude and seen[j] and tonumber(seen[j]) >= notBefore then
        valid = valid + 1
        out[#out + 1] = members[j]
        out[#out + 1] = hits[i + j - 1][2]
        out[#out + 1] = seen[j]
      end
    end
    i = last + 1
  end
  return out, valid
end

if beyond > 0 then
  -- The next ring of a search that already has everyone nearer. Redis cannot skip those nearer: their number is
  -- read first (names only, the cheapest reply), and in a search sorted nearest first (in the same script, so the
  -- same index) they are exactly the first `inner` entries, skipped without a look-up. Every search asks for that
  -- many more than wanted, so the reply stays about `inner + wanted` however often the radius grows.
  local inner = #redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', beyond, 'm')
  local count = inner + wanted + 1
  -- Members per area is roughly constant locally: the radius that holds `count` by the density inside `beyond`.
  radius = math.max(radius, beyond * math.sqrt(count / math.max(inner, 1)) * 1.2)
  if radius > maxRadius then
    radius = maxRadius
  end
  while true do
    local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'm', 'ASC', 'COUNT',
      count, 'WITHHASH')
    local out, valid = collect(hits, inner + 1)
    if valid >= wanted then
      return out
    end
    if #hits >= count then
      -- cut short by COUNT (stale or excluded members among them): ask for as many more as are missing, twice
      count = count + 2 * (wanted - valid)
    elseif radius >= maxRadius then
      return out
    else
      -- fewer than wanted remain near: the whole radius at once (the scan is Redis's, the reply stays bounded)
      radius = maxRadius
    end
  end
end

if radius > maxRadius then
  radius = maxRadius
end
local count = wanted + 1
while true do
  local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'm', 'ASC', 'COUNT',
    count, 'WITHHASH')
  -- Too few inside even if all were live: grow without looking them up.
  local out, valid = {}, #hits
  if #hits >= wanted or radius >= maxRadius then
    out, valid = collect(hits, 1)
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
