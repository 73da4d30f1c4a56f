package com.bowwow.gateway;

import java.time.Duration;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one script behind every request's Redis round trip, on the real Redis: buckets per
 * IP and per user, the user's standing, and the order between them.
 */
class EdgeChecksTests extends GatewayTestSupport {

	private static final RateLimitProperties.Limit TWO_PER_MINUTE = new RateLimitProperties.Limit(1, 2);

	@Autowired
	EdgeChecks checks;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void eachBucketAllowsItsBurstThenRefusesWithTheTimeUntilItsNextToken() {
		EdgeChecks.Bucket ip = bucket("ip");
		assertThat(check(List.of(ip), null, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.ALLOWED);
		assertThat(check(List.of(ip), null, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.ALLOWED);
		EdgeChecks.Verdict refused = check(List.of(ip), null, List.of());
		assertThat(refused.outcome()).isEqualTo(EdgeChecks.Outcome.LIMITED);
		assertThat(refused.limit()).isEqualTo("ip");
		assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
		// Another address has its own bucket.
		assertThat(check(List.of(bucket("ip")), null, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.ALLOWED);
	}

	@Test
	void aUserIsLimitedWhateverAddressTheyUse() {
		UserId user = UserId.random();
		EdgeChecks.Bucket userBucket = new EdgeChecks.Bucket("user", "user:" + user, TWO_PER_MINUTE);
		for (int i = 0; i < 2; i++) {
			assertThat(check(List.of(bucket("ip")), user, List.of(userBucket)).outcome())
				.isEqualTo(EdgeChecks.Outcome.ALLOWED);
		}
		EdgeChecks.Verdict refused = check(List.of(bucket("ip")), user, List.of(userBucket));
		assertThat(refused.outcome()).isEqualTo(EdgeChecks.Outcome.LIMITED);
		assertThat(refused.limit()).isEqualTo("user");
	}

	@Test
	void aDeletedUserIsRevokedAndTakesNothingFromTheirBucket() {
		UserId user = UserId.random();
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(user), "1", Duration.ofMinutes(1));
		EdgeChecks.Bucket ip = bucket("ip");
		EdgeChecks.Bucket userBucket = new EdgeChecks.Bucket("user", "user:" + user, TWO_PER_MINUTE);
		assertThat(check(List.of(ip), user, List.of(userBucket)).outcome()).isEqualTo(EdgeChecks.Outcome.REVOKED);
		assertThat(this.redis.hasKey(EdgeChecks.KEY_PREFIX + userBucket.key())).isFalse();
		// The address bucket was taken before the standing check: floods still count.
		assertThat(this.redis.hasKey(EdgeChecks.KEY_PREFIX + ip.key())).isTrue();
	}

	@Test
	void aSuspendedUserIsSuspendedUntilLifted() {
		UserId user = UserId.random();
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, user.toString());
		try {
			assertThat(check(List.of(), user, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.SUSPENDED);
		}
		finally {
			this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, user.toString());
		}
		assertThat(check(List.of(), user, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.ALLOWED);
	}

	@Test
	void withoutTheReadyMarkersNobodysStandingCanBeToldButARevocationStillCounts() {
		UserId user = UserId.random();
		UserId deleted = UserId.random();
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(deleted), "1", Duration.ofMinutes(1));
		for (String marker : AccessTokens.STANDING_READY_KEYS) {
			// a flush (or a failover to an empty replica) took this marker, and perhaps
			// the user's revocation with it
			String value = this.redis.opsForValue().get(marker);
			this.redis.delete(marker);
			try {
				assertThat(check(List.of(), user, List.of()).outcome()).as(marker)
					.isEqualTo(EdgeChecks.Outcome.UNKNOWN);
				assertThat(check(List.of(), deleted, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.REVOKED);
				// requests without a user are not held up
				assertThat(check(List.of(bucket("ip")), null, List.of()).outcome())
					.isEqualTo(EdgeChecks.Outcome.ALLOWED);
			}
			finally {
				this.redis.opsForValue().set(marker, value);
			}
			assertThat(check(List.of(), user, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.ALLOWED);
		}
	}

	@Test
	void anEmptyAddressBucketRefusesBeforeTheStandingIsRead() {
		UserId user = UserId.random();
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(user), "1", Duration.ofMinutes(1));
		EdgeChecks.Bucket ip = bucket("ip");
		check(List.of(ip), null, List.of());
		check(List.of(ip), null, List.of());
		assertThat(check(List.of(ip), user, List.of()).outcome()).isEqualTo(EdgeChecks.Outcome.LIMITED);
	}

	private EdgeChecks.Verdict check(List<EdgeChecks.Bucket> before, UserId user, List<EdgeChecks.Bucket> after) {
		return this.checks.check(before, user, after).block(Duration.ofSeconds(5));
	}

	private static EdgeChecks.Bucket bucket(String name) {
		return new EdgeChecks.Bucket(name, name + ":" + UserId.random(), TWO_PER_MINUTE);
	}

}
