package com.bowwow.location.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.nearby.NearbyService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up reads a whole first audience and ring, as signal-service does for a large
 * wave, from a scratch index; the live index and its users are never touched, and the
 * scratch keys are gone afterwards (and expire should the process die first).
 */
class WithinWarmupTests extends LocationIntegrationTest {

	@Autowired
	NearbyService nearby;

	@Autowired
	LocationProperties properties;

	@Autowired
	JsonMapper json;

	@Test
	void roundsReadTheFirstAudienceAndARingFromAScratchIndexAndLeaveNothing() {
		long live = this.index.size();
		WithinWarmup warmup = new WithinWarmup(this.redis, this.nearby, this.properties, this.clock, this.json);
		assertThat(warmup.round()).isEqualTo(WithinWarmup.FIRST + WithinWarmup.RING);
		Set<String> scratch = scratchKeys();
		assertThat(scratch).as("the scratch index, in its own namespace").isNotEmpty();
		assertThat(scratch).allSatisfy((key) -> assertThat(this.redis.getExpire(key)).isPositive());
		assertThat(warmup.round()).isEqualTo(WithinWarmup.FIRST + WithinWarmup.RING);
		assertThat(this.index.size()).as("the live index").isEqualTo(live);

		warmup.finish();
		assertThat(scratchKeys()).as("only movers' keys, which expire within a minute, are left")
			.allSatisfy((key) -> assertThat(key).contains(":moved:"));
		assertThat(warmup.round()).as("a round after finishing fills the scratch index again")
			.isEqualTo(WithinWarmup.FIRST + WithinWarmup.RING);
		warmup.finish();
	}

	@Test
	void everyWriteToAScratchIndexSetsItsKeysExpiryAtOnce() {
		// No separate expiry call follows a write: a kill -9 between the two used to
		// leave
		// the made-up positions in Redis for good.
		String namespace = this.properties.redisNamespace() + ":warmup:" + UUID.randomUUID();
		SpatialIndex scratch = SpatialIndex.scratch(this.redis, namespace, Duration.ofSeconds(30));
		Instant now = this.clock.instant();
		scratch.put(UserId.random(), Coordinates.of(0.5, -25.5), now);
		scratch.putAll(List.of(new IndexedPosition(UserId.random(), Coordinates.of(0.6, -25.5), now),
				new IndexedPosition(UserId.random(), Coordinates.of(89.5, 10.0), now)));
		Set<String> keys = this.redis.keys("{" + namespace + "}*");
		assertThat(keys).as("geo, last seen, polar and movers' keys")
			.anySatisfy((key) -> assertThat(key).endsWith(":geo"))
			.anySatisfy((key) -> assertThat(key).endsWith(":seen"))
			.anySatisfy((key) -> assertThat(key).endsWith(":polar"));
		assertThat(keys).allSatisfy((key) -> assertThat(this.redis.getExpire(key)).isBetween(1L, 60L));

		this.index.put(UserId.random(), Coordinates.of(0.5, -25.5), now);
		assertThat(this.redis.getExpire("{" + this.properties.redisNamespace() + "}:geo"))
			.as("the live index never expires")
			.isEqualTo(-1L);
		scratch.discard();
	}

	private Set<String> scratchKeys() {
		return this.redis.keys("{" + this.properties.redisNamespace() + ":warmup:*");
	}

}
