package com.bowwow.location.within;

import java.util.Set;

import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.LocationProperties;
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

	private Set<String> scratchKeys() {
		return this.redis.keys("{" + this.properties.redisNamespace() + ":warmup:*");
	}

}
