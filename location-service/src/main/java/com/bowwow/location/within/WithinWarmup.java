package com.bowwow.location.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.common.warmup.WarmupTask;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.nearby.NearbyService;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Warms the audience read signal-service makes once or a few times per wave: measured
 * cold, the first wave after a start waited 216-304 ms for its nearest 500 (27-43 warm)
 * and up to 850 ms for a ring of 2,000.
 * <p>
 * The rounds run the real query ({@link WithinController#within}) and its JSON encoding
 * on a scratch index of made-up positions in its own Redis namespace, which expires by
 * itself and is deleted after the last round: the live index and its users are never
 * touched.
 */
@Component
class WithinWarmup implements WarmupTask {

	/** As signal-service reads a large audience: its nearest first, then rings. */
	static final int FIRST = 500;

	static final int RING = 2_000;

	/**
	 * The scratch index's keys expire by themselves this long after its last write, if
	 * this process dies before {@link #finish}: every write sets it (a kill between a
	 * write and a separate expiry left them forever).
	 */
	static final Duration SCRATCH_KEPT = Duration.ofMinutes(10);

	private static final Coordinates ORIGIN = Coordinates.of(0.5, -25.5);

	private final SpatialIndex scratch;

	private final WithinController within;

	private final JsonMapper json;

	private final Clock clock;

	private boolean filled;

	WithinWarmup(StringRedisTemplate redis, NearbyService nearby, LocationProperties properties, Clock clock,
			JsonMapper json) {
		this.scratch = SpatialIndex.scratch(redis, properties.redisNamespace() + ":warmup:" + UUID.randomUUID(),
				SCRATCH_KEPT);
		this.within = new WithinController(nearby.over(this.scratch), properties, clock);
		this.json = json;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "within";
	}

	@Override
	public int round() {
		if (!this.filled) {
			this.scratch.putAll(madeUpPositions(FIRST + RING + 1, this.clock.instant()));
			this.filled = true;
		}
		double radius = UsersWithin.MAX_RADIUS_METERS;
		UsersWithin first = this.within.within(ORIGIN.latitude(), ORIGIN.longitude(), radius, FIRST, null, null, null);
		this.json.writeValueAsBytes(first);
		double farthest = first.users().getLast().distanceMeters();
		UsersWithin ring = this.within.within(ORIGIN.latitude(), ORIGIN.longitude(), radius, RING, null, null,
				farthest - 1);
		this.json.writeValueAsBytes(ring);
		return first.users().size() + ring.users().size();
	}

	@Override
	public void finish() {
		this.scratch.discard();
		this.filled = false;
	}

	/** Spread over three miles around the origin. */
	static List<IndexedPosition> madeUpPositions(int count, Instant reportedAt) {
		return GreatCircle.spreadAround(ORIGIN, count, 4_800)
			.stream()
			.map((at) -> new IndexedPosition(UserId.random(), at, reportedAt))
			.toList();
	}

}
