package com.bowwow.push.testpush;

import java.time.Duration;
import java.util.List;

import com.bowwow.common.id.UserId;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Per-user limits on test pushes, in Redis so every instance counts against the same
 * budget: one per {@code min-interval} and {@code per-hour} per hour (a fixed window from
 * the first push). Check and take happen in one script, so concurrent requests cannot
 * both slip through.
 */
class TestPushLimits {

	static final String KEY_PREFIX = "bowwow:push:test-limit:";

	// KEYS: [1] interval lock, [2] hourly counter. ARGV: interval ms, hourly maximum.
	// Returns 0 when allowed, otherwise milliseconds until the next allowed push.
	private static final RedisScript<Long> TAKE = RedisScript.of("""
			local wait = redis.call('PTTL', KEYS[1])
			if wait > 0 then return wait end
			local used = tonumber(redis.call('GET', KEYS[2]) or '0')
			if used >= tonumber(ARGV[2]) then
			  local left = redis.call('PTTL', KEYS[2])
			  if left > 0 then return left end
			end
			redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
			if redis.call('INCR', KEYS[2]) == 1 or redis.call('PTTL', KEYS[2]) < 0 then
			  redis.call('PEXPIRE', KEYS[2], 3600000)
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final TestPushProperties properties;

	public TestPushLimits(StringRedisTemplate redis, TestPushProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/**
	 * Takes one test push from the user's budget.
	 * @return zero when allowed, otherwise how long until the next one is
	 */
	public Duration take(UserId user) {
		Long wait = this.redis.execute(TAKE, List.of(KEY_PREFIX + user + ":interval", KEY_PREFIX + user + ":hour"),
				Long.toString(Math.max(1, this.properties.minInterval().toMillis())),
				Integer.toString(this.properties.perHour()));
		return Duration.ofMillis((wait != null) ? Math.max(0, wait) : 0);
	}

}
