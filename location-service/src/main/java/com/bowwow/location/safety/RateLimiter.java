package com.bowwow.location.safety;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.redis.LuaScripts;
import com.bowwow.location.LocationProperties;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Per-user token buckets in Redis, shared by every instance, under location-service's own
 * key prefix ({@code <namespace>:limit:<kind>:<userID>}). One script call per check:
 * read, refill, take.
 */
@Component
public class RateLimiter {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOKEN_BUCKET = LuaScripts.load(RateLimiter.class, "token-bucket.lua",
			List.class);

	private final StringRedisTemplate redis;

	private final LimitsProperties limits;

	private final String prefix;

	private final Clock clock;

	RateLimiter(StringRedisTemplate redis, LimitsProperties limits, LocationProperties properties, Clock clock) {
		this.redis = redis;
		this.limits = limits;
		this.prefix = properties.redisNamespace() + ":limit:";
		this.clock = clock;
	}

	/**
	 * Takes a nearby token.
	 * @return empty when allowed, else how long until the next is available
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public Duration nearby(UserId userId) {
		return take("nearby", userId, this.limits.nearbyPerMinute(), this.limits.nearbyBurst());
	}

	/** Takes a subscribe token; {@link Duration#ZERO} when allowed. */
	public Duration subscribe(UserId userId) {
		return take("subscribe", userId, this.limits.subscribePerMinute(), this.limits.subscribeBurst());
	}

	private Duration take(String kind, UserId userId, double perMinute, int burst) {
		List<?> answer = this.redis.execute(TOKEN_BUCKET, List.of(this.prefix + kind + ":" + userId),
				Double.toString(perMinute / 60_000.0), Integer.toString(burst), Long.toString(this.clock.millis()));
		if (answer == null || answer.size() < 2 || ((Number) answer.get(0)).longValue() == 1L) {
			return Duration.ZERO;
		}
		return Duration.ofMillis(Math.max(1, ((Number) answer.get(1)).longValue()));
	}

	/** Whole seconds for {@code Retry-After}, at least 1. */
	public static long retryAfterSeconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
