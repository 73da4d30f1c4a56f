package com.bowwow.location.index;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.bowwow.common.redis.LuaScripts;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Live positions in Redis. Three structures under one hash tag (so a cluster keeps them
 * on one shard): {@code <namespace>:geo}, a GEO set, {@code <namespace>:seen}, a sorted
 * set of each member's reportedAt (epoch milliseconds), and {@code <namespace>:polar}, a
 * hash of the positions Redis GEO cannot hold. Every write and purge touches them
 * atomically through a Lua script; searches ignore members whose last-seen time is older
 * than the caller's bound, so a position is invisible the moment it turns stale even
 * before the purge removes it.
 *
 * <p>
 * Redis GEO accepts latitudes up to ±85.05112878° only. Positions beyond that (the polar
 * caps: very few people) live in the polar hash as {@code "longitude,latitude"}; every
 * search whose circle reaches past the limit scans that hash by great-circle distance and
 * merges it in, and a search centred beyond the limit queries GEO from the nearest point
 * it accepts with a radius grown by the distance to it (a superset, by the triangle
 * inequality) and filters by true distance.
 */
public class SpatialIndex {

	/** The latitude limit of Redis GEO (Web Mercator). */
	public static final double MAX_INDEXABLE_LATITUDE = 85.05112878;

	/** Where a search centred beyond the limit starts from (safely inside it). */
	private static final double GEO_SEARCH_EDGE_LATITUDE = 85.05;

	private static final int PIPELINE_BATCH = 500;

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> PUT = script("put.lua", List.class);

	private static final RedisScript<Long> PURGE = script("purge.lua", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> POLAR = script("polar.lua", List.class);

	/** Enough to mean "everyone inside the circle" for the few people near a pole. */
	private static final int ALL = 1_000_000;

	private static final RedisScript<Long> RELEASE_LOCK = script("release-lock.lua", Long.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> MOVED = script("moved.lua", List.class);

	/**
	 * How long the index remembers who moved where ({@link #moversNear}): far longer than
	 * a wave travels, so a newcomer check that falls behind by a few lost rounds still
	 * asks within it.
	 */
	public static final Duration MOVERS_KEPT = Duration.ofSeconds(60);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> NEAREST = script("nearest.lua", List.class);

	private final StringRedisTemplate redis;

	private final String geoKey;

	private final String seenKey;

	private final String polarKey;

	private final String readyKey;

	private final String lockKey;

	private final String moversPrefix;

	/**
	 * Milliseconds a scratch index's keys live after each write; null for the live one.
	 */
	private final String expiresAfterMillis;

	/**
	 * @param redis the Redis to use
	 * @param namespace key prefix, e.g. {@code bowwow:location}; becomes the hash tag
	 */
	public SpatialIndex(StringRedisTemplate redis, String namespace) {
		this(redis, namespace, null);
	}

	/**
	 * A scratch index in a namespace of its own (a warm-up's made-up positions): every
	 * write sets the expiry of the keys it touches in the same script, so a process
	 * killed at any moment leaves nothing that outlives {@code ttl}.
	 */
	public static SpatialIndex scratch(StringRedisTemplate redis, String namespace, Duration ttl) {
		return new SpatialIndex(redis, namespace, Long.toString(ttl.toMillis()));
	}

	private SpatialIndex(StringRedisTemplate redis, String namespace, String expiresAfterMillis) {
		this.redis = redis;
		this.expiresAfterMillis = expiresAfterMillis;
		String tag = "{" + namespace + "}";
		this.geoKey = tag + ":geo";
		this.seenKey = tag + ":seen";
		this.polarKey = tag + ":polar";
		this.readyKey = tag + ":index-ready";
		this.lockKey = tag + ":index-rebuild-lock";
		this.moversPrefix = tag + ":moved:";
	}

	/** Whether Redis GEO can hold the position (otherwise it goes to the polar hash). */
	public static boolean isGeoIndexable(Coordinates coordinates) {
		return Math.abs(coordinates.latitude()) <= MAX_INDEXABLE_LATITUDE;
	}

	/**
	 * Indexes a position unless the index already holds a newer (or equally new) one for
	 * the user.
	 * @return whether the index changed
	 */
	public boolean put(UserId userId, Coordinates coordinates, Instant reportedAt) {
		return putReplacing(userId, coordinates, reportedAt).changed();
	}

	/**
	 * {@link #put}, also telling which position the new one replaced (the stream tells
	 * the area a mover left as well as the one they entered).
	 */
	public IndexPut putReplacing(UserId userId, Coordinates coordinates, Instant reportedAt) {
		List<?> result = this.redis.execute(PUT, putKeys(coordinates),
				putArguments(new IndexedPosition(userId, coordinates, reportedAt)).toArray());
		if (result == null || result.isEmpty() || !Long.valueOf(1).equals(result.get(0))) {
			return new IndexPut(false, null);
		}
		if (result.size() < 4) {
			return new IndexPut(true, null);
		}
		return new IndexPut(true,
				new IndexedPosition(userId,
						Coordinates.of(Double.parseDouble((String) result.get(2)),
								Double.parseDouble((String) result.get(1))),
						Instant.ofEpochMilli((long) Double.parseDouble((String) result.get(3)))));
	}

	/** Indexes many positions in one pipeline, each with the same newest-wins rule. */
	public void putAll(Collection<IndexedPosition> positions) {
		List<IndexedPosition> all = List.copyOf(positions);
		// Bounded pipelines keep each round trip well inside the command timeout.
		for (int from = 0; from < all.size(); from += PIPELINE_BATCH) {
			putBatch(all.subList(from, Math.min(all.size(), from + PIPELINE_BATCH)));
		}
	}

	private void putBatch(List<IndexedPosition> positions) {
		RedisSerializer<String> strings = this.redis.getStringSerializer();
		byte[] sha = strings.serialize(PUT.getSha1());
		ensureLoaded(PUT);
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (IndexedPosition position : positions) {
				List<byte[]> keysAndArgs = new ArrayList<>();
				putKeys(position.coordinates()).forEach((key) -> keysAndArgs.add(strings.serialize(key)));
				putArguments(position).forEach((argument) -> keysAndArgs.add(strings.serialize(argument)));
				connection.scriptingCommands()
					.evalSha(sha, org.springframework.data.redis.connection.ReturnType.MULTI, 4,
							keysAndArgs.toArray(byte[][]::new));
			}
			return null;
		});
	}

	/** Removes a user from the index whatever position it holds. */
	public void remove(UserId userId) {
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			byte[] member = this.redis.getStringSerializer().serialize(userId.toString());
			connection.zSetCommands().zRem(this.redis.getStringSerializer().serialize(this.seenKey), member);
			connection.zSetCommands().zRem(this.redis.getStringSerializer().serialize(this.geoKey), member);
			connection.hashCommands().hDel(this.redis.getStringSerializer().serialize(this.polarKey), member);
			return null;
		});
	}

	/** The live position the index holds for a user, if any. */
	public IndexedPosition find(UserId userId, Instant notBefore) {
		Double seen = this.redis.opsForZSet().score(this.seenKey, userId.toString());
		if (seen == null || seen < notBefore.toEpochMilli()) {
			return null;
		}
		List<org.springframework.data.geo.Point> points = this.redis.opsForGeo()
			.position(this.geoKey, userId.toString());
		if (points == null || points.isEmpty() || points.get(0) == null) {
			Object polar = this.redis.opsForHash().get(this.polarKey, userId.toString());
			return (polar != null)
					? new IndexedPosition(userId, parsePolar((String) polar), Instant.ofEpochMilli(seen.longValue()))
					: null;
		}
		org.springframework.data.geo.Point point = points.get(0);
		return new IndexedPosition(userId, Coordinates.of(point.getY(), point.getX()),
				Instant.ofEpochMilli(seen.longValue()));
	}

	/**
	 * The live members nearest to a point, nearest first, by expanding rings (see
	 * {@code nearest.lua}): starts at {@code startRadiusMeters} and grows up to
	 * {@code maxRadiusMeters} only while fewer than {@code wanted} live members were
	 * found. May return more than {@code wanted}; callers trim after their own filtering.
	 * Points Redis places just inside the radius may lie a hair outside it by the
	 * caller's own great-circle formula (Redis uses a slightly different earth radius):
	 * callers that need an exact boundary filter by their own distance.
	 * @param exclude a member never returned (the caller), or null
	 */
	public List<IndexedPosition> nearest(Coordinates center, double startRadiusMeters, double maxRadiusMeters,
			int wanted, Instant notBefore, UserId exclude) {
		return nearest(center, startRadiusMeters, maxRadiusMeters, wanted, notBefore, exclude, 0);
	}

	/**
	 * {@link #nearest(Coordinates, double, double, int, Instant, UserId)} of those
	 * farther than {@code beyondMeters} by Redis's measure: the next ring of a search
	 * that already has everyone nearer, without reading them again. Redis measures with a
	 * slightly larger earth radius than {@link GreatCircle}, so a member at the caller's
	 * own distance {@code beyondMeters} is included; callers that page ring by ring pass
	 * a little less than the farthest distance they have, and drop whom they have
	 * already.
	 */
	public List<IndexedPosition> nearest(Coordinates center, double startRadiusMeters, double maxRadiusMeters,
			int wanted, Instant notBefore, UserId exclude, double beyondMeters) {
		if (!isGeoIndexable(center)) {
			return beyond(center, nearestFromPolar(center, maxRadiusMeters, notBefore, exclude), beyondMeters);
		}
		List<IndexedPosition> found = geoNearest(center, startRadiusMeters, maxRadiusMeters, wanted, notBefore, exclude,
				beyondMeters);
		if (!reachesPolar(center, maxRadiusMeters)) {
			return found;
		}
		// Members GEO did not return are farther than the farthest it did, unless it
		// returned everything inside the circle (fewer than wanted): polar members are
		// merged up to the same bound, so that rule still holds for the merged list.
		double bound = maxRadiusMeters;
		if (found.size() >= wanted) {
			bound = found.stream()
				.mapToDouble((p) -> GreatCircle.distanceMeters(center, p.coordinates()))
				.max()
				.orElse(maxRadiusMeters);
		}
		List<IndexedPosition> merged = new ArrayList<>(found);
		for (IndexedPosition polar : polarLive(notBefore, exclude)) {
			double meters = GreatCircle.distanceMeters(center, polar.coordinates());
			if (meters <= bound && meters >= beyondMeters) {
				merged.add(polar);
			}
		}
		if (merged.size() == found.size()) {
			return found;
		}
		merged.sort(Comparator.comparingDouble((p) -> GreatCircle.distanceMeters(center, p.coordinates())));
		return merged;
	}

	/**
	 * A search centred beyond the GEO limit: everyone within the radius (GEO from the
	 * nearest point it accepts, with the radius grown by the distance to it, then the
	 * polar hash), nearest first by true distance. Returning them all keeps the
	 * "unreturned members are farther" rule.
	 */
	private List<IndexedPosition> nearestFromPolar(Coordinates center, double maxRadiusMeters, Instant notBefore,
			UserId exclude) {
		Coordinates edge = Coordinates.of(Math.copySign(GEO_SEARCH_EDGE_LATITUDE, center.latitude()),
				center.longitude());
		double grown = maxRadiusMeters + GreatCircle.distanceMeters(center, edge);
		List<IndexedPosition> all = new ArrayList<>();
		for (IndexedPosition position : geoNearest(edge, grown, grown, ALL, notBefore, exclude, 0)) {
			if (GreatCircle.distanceMeters(center, position.coordinates()) <= maxRadiusMeters) {
				all.add(position);
			}
		}
		for (IndexedPosition polar : polarLive(notBefore, exclude)) {
			if (GreatCircle.distanceMeters(center, polar.coordinates()) <= maxRadiusMeters) {
				all.add(polar);
			}
		}
		all.sort(Comparator.comparingDouble((p) -> GreatCircle.distanceMeters(center, p.coordinates())));
		return all;
	}

	/** Whether a circle reaches past the GEO limit, where the polar hash holds people. */
	static boolean reachesPolar(Coordinates center, double radiusMeters) {
		double span = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS);
		return Math.abs(center.latitude()) + span > MAX_INDEXABLE_LATITUDE;
	}

	/** The live members of the polar hash. */
	private List<IndexedPosition> polarLive(Instant notBefore, UserId exclude) {
		List<?> flat = this.redis.execute(POLAR, List.of(this.polarKey, this.seenKey),
				Long.toString(notBefore.toEpochMilli()), (exclude != null) ? exclude.toString() : "");
		List<IndexedPosition> positions = new ArrayList<>();
		if (flat == null) {
			return positions;
		}
		for (int i = 0; i + 2 < flat.size(); i += 3) {
			positions.add(new IndexedPosition(new UserId(UUID.fromString((String) flat.get(i))),
					parsePolar((String) flat.get(i + 1)),
					Instant.ofEpochMilli((long) Double.parseDouble((String) flat.get(i + 2)))));
		}
		return positions;
	}

	private static Coordinates parsePolar(String value) {
		int comma = value.indexOf(',');
		return Coordinates.of(Double.parseDouble(value.substring(comma + 1)),
				Double.parseDouble(value.substring(0, comma)));
	}

	private List<IndexedPosition> geoNearest(Coordinates center, double startRadiusMeters, double maxRadiusMeters,
			int wanted, Instant notBefore, UserId exclude, double beyondMeters) {
		List<?> flat = this.redis.execute(NEAREST, List.of(this.geoKey, this.seenKey),
				Double.toString(center.longitude()), Double.toString(center.latitude()),
				Double.toString(startRadiusMeters), Double.toString(maxRadiusMeters), Integer.toString(wanted),
				Long.toString(notBefore.toEpochMilli()), (exclude != null) ? exclude.toString() : "",
				Double.toString(beyondMeters));
		return (flat != null) ? hashedPositions(flat) : new ArrayList<>();
	}

	/** {@code nearest.lua}'s flat answer {@code member, geohash, reportedAt, ...}. */
	private static List<IndexedPosition> hashedPositions(List<?> flat) {
		List<IndexedPosition> positions = new ArrayList<>(flat.size() / 3);
		for (int i = 0; i + 2 < flat.size(); i += 3) {
			UserId userId = new UserId(UUID.fromString((String) flat.get(i)));
			Coordinates coordinates = GeoHash.decode(((Number) flat.get(i + 1)).longValue());
			long reportedAt = (long) Double.parseDouble((String) flat.get(i + 2));
			positions.add(new IndexedPosition(userId, coordinates, Instant.ofEpochMilli(reportedAt)));
		}
		return positions;
	}

	private static List<IndexedPosition> beyond(Coordinates center, List<IndexedPosition> positions,
			double beyondMeters) {
		if (beyondMeters <= 0) {
			return positions;
		}
		return positions.stream()
			.filter((p) -> GreatCircle.distanceMeters(center, p.coordinates()) >= beyondMeters)
			.collect(Collectors.toCollection(ArrayList::new));
	}

	/** A script's flat answer {@code member, longitude, latitude, reportedAt, ...}. */
	private static List<IndexedPosition> positions(List<?> flat) {
		List<IndexedPosition> positions = new ArrayList<>(flat.size() / 4);
		for (int i = 0; i + 3 < flat.size(); i += 4) {
			UserId userId = new UserId(UUID.fromString((String) flat.get(i)));
			double longitude = Double.parseDouble((String) flat.get(i + 1));
			double latitude = Double.parseDouble((String) flat.get(i + 2));
			long reportedAt = (long) Double.parseDouble((String) flat.get(i + 3));
			positions.add(
					new IndexedPosition(userId, Coordinates.of(latitude, longitude), Instant.ofEpochMilli(reportedAt)));
		}
		return positions;
	}

	/**
	 * The live members within {@code radiusMeters} of a point whose indexed position
	 * changed at or after {@code since} (Redis time: a new position, a user back from
	 * offline mode, a rebuild), nearest first. Someone who moved away from the disc is
	 * not returned. {@code since} must lie within {@link #MOVERS_KEPT} of Redis's clock;
	 * callers behind that ask {@link #nearest} instead.
	 * @param exclude a member never returned (the caller), or null
	 */
	public Movers moversNear(Coordinates center, double radiusMeters, Instant since, Instant notBefore,
			UserId exclude) {
		List<String> keys = new ArrayList<>(List.of(this.geoKey, this.seenKey, this.polarKey));
		for (String cell : MoverCells.covering(center, radiusMeters)) {
			keys.add(this.moversPrefix + cell);
		}
		List<?> flat = this.redis.execute(MOVED, keys, Long.toString(since.toEpochMilli()),
				Long.toString(notBefore.toEpochMilli()), (exclude != null) ? exclude.toString() : "");
		if (flat == null || flat.isEmpty()) {
			throw new IllegalStateException("The movers script answered nothing");
		}
		Instant asOf = Instant.ofEpochMilli((Long) flat.get(0));
		List<IndexedPosition> moved = new ArrayList<>(positions(flat.subList(1, flat.size())));
		moved.removeIf((p) -> GreatCircle.distanceMeters(center, p.coordinates()) > radiusMeters);
		moved.sort(Comparator.comparingDouble((p) -> GreatCircle.distanceMeters(center, p.coordinates())));
		return new Movers(asOf, moved);
	}

	/**
	 * Redis's clock, the one {@link #moversNear} counts in. Read before a full search, it
	 * is a moment from which asking for movers misses nobody the search missed.
	 */
	public Instant serverTime() {
		Long millis = this.redis.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().time());
		if (millis == null) {
			throw new IllegalStateException("Redis did not tell its time");
		}
		return Instant.ofEpochMilli(millis);
	}

	/**
	 * What {@link #moversNear} found.
	 *
	 * @param asOf Redis's clock when it looked: ask from here next time
	 * @param moved the movers within the disc, nearest first
	 */
	public record Movers(Instant asOf, List<IndexedPosition> moved) {

	}

	/**
	 * Deletes up to {@code batch} members last seen before {@code cutoff}.
	 * @return how many were deleted; call again while it equals {@code batch}
	 */
	public long purgeOlderThan(Instant cutoff, int batch) {
		Long removed = this.redis.execute(PURGE, keys(), Long.toString(cutoff.toEpochMilli()), Integer.toString(batch));
		return (removed != null) ? removed : 0;
	}

	/** How many members the index holds (live or not yet purged). */
	public long size() {
		Long size = this.redis.opsForZSet().zCard(this.seenKey);
		return (size != null) ? size : 0;
	}

	/**
	 * Whether the index is known to be complete. The marker is written after a rebuild
	 * and disappears with everything else when Redis is flushed or replaced.
	 */
	public boolean isMarkedComplete() {
		return Boolean.TRUE.equals(this.redis.hasKey(this.readyKey));
	}

	public void markComplete(String by) {
		this.redis.opsForValue().set(this.readyKey, by);
	}

	/**
	 * Tries to become the one process rebuilding the index.
	 * @return a token to pass to {@link #releaseRebuildLock}, or null when another holds
	 * the lock
	 */
	public String tryRebuildLock(Duration lease) {
		String token = UUID.randomUUID().toString();
		Boolean acquired = this.redis.opsForValue().setIfAbsent(this.lockKey, token, lease);
		return Boolean.TRUE.equals(acquired) ? token : null;
	}

	/** Extends a held lock; false when it was lost (expired and taken by another). */
	public boolean extendRebuildLock(String token, Duration lease) {
		if (!token.equals(this.redis.opsForValue().get(this.lockKey))) {
			return false;
		}
		return Boolean.TRUE.equals(this.redis.expire(this.lockKey, lease));
	}

	public void releaseRebuildLock(String token) {
		this.redis.execute(RELEASE_LOCK, List.of(this.lockKey), token);
	}

	/**
	 * For a {@link #scratch} index: deletes its keys now rather than at their expiry
	 * (movers' keys expire by themselves).
	 */
	public void discard() {
		this.redis.delete(List.of(this.geoKey, this.seenKey, this.polarKey, this.readyKey, this.lockKey));
	}

	private List<String> keys() {
		return List.of(this.geoKey, this.seenKey, this.polarKey);
	}

	/** put.lua's arguments, with the expiry for a {@link #scratch} index. */
	private List<String> putArguments(IndexedPosition position) {
		List<String> arguments = new ArrayList<>(List.of(position.userId().toString(),
				Double.toString(position.coordinates().longitude()), Double.toString(position.coordinates().latitude()),
				Long.toString(position.reportedAt().toEpochMilli()), Long.toString(MOVERS_KEPT.toMillis())));
		if (this.expiresAfterMillis != null) {
			arguments.add(this.expiresAfterMillis);
		}
		return arguments;
	}

	private List<String> putKeys(Coordinates coordinates) {
		return List.of(this.geoKey, this.seenKey, this.polarKey, moversKey(coordinates));
	}

	private String moversKey(Coordinates coordinates) {
		return this.moversPrefix + MoverCells.of(coordinates);
	}

	private void ensureLoaded(RedisScript<?> script) {
		List<Boolean> loaded = this.redis
			.execute((RedisCallback<List<Boolean>>) (connection) -> connection.scriptingCommands()
				.scriptExists(script.getSha1()));
		if (loaded == null || loaded.isEmpty() || !Boolean.TRUE.equals(loaded.get(0))) {
			this.redis.execute((RedisCallback<String>) (connection) -> connection.scriptingCommands()
				.scriptLoad(this.redis.getStringSerializer().serialize(script.getScriptAsString())));
		}
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return LuaScripts.load(SpatialIndex.class, name, type);
	}

}
