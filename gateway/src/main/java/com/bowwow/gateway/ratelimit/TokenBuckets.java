package com.bowwow.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis, so every gateway task draws from the same budget. One Lua
 * script refills and takes atomically, using Redis's own clock so task clocks never
 * disagree.
 */
@Component
public class TokenBuckets {

	static final String KEY_PREFIX = "bowwow:rate-limit:";

	// KEYS[1] bucket; ARGV: tokens per millisecond, capacity, key TTL in ms.
	// Returns {allowed (0/1), whole tokens left, milliseconds until one token is back}.
	private static final RedisScript<List> TAKE = RedisScript.of("""
			local rate = tonumber(ARGV[1])
			local capacity = tonumber(ARGV[2])
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
			local tokens = tonumber(state[1]) or capacity
			local at = tonumber(state[2]) or now
			tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
			local allowed = 0
			local wait = 0
			if tokens >= 1 then
			  tokens = tokens - 1
			  allowed = 1
			else
			  wait = math.ceil((1 - tokens) / rate)
			end
			redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return {allowed, math.floor(tokens), wait}
			""", List.class);

	private final ReactiveStringRedisTemplate redis;

	public TokenBuckets(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Takes one request from the bucket {@code key} governed by {@code limit}. */
	public Mono<Decision> take(String key, RateLimitProperties.Limit limit) {
		double perMillisecond = limit.requestsPerMinute() / 60_000.0;
		return this.redis
			.execute(TAKE, List.of(KEY_PREFIX + key),
					List.of(Double.toString(perMillisecond), Integer.toString(limit.burst()),
							Long.toString(limit.refillTime().toMillis() + 1000)))
			.next()
			.map((result) -> new Decision(((Number) result.get(0)).longValue() == 1,
					((Number) result.get(1)).longValue(), Duration.ofMillis(((Number) result.get(2)).longValue())));
	}

	/**
	 * @param allowed whether the request may proceed
	 * @param remaining whole requests left in the bucket
	 * @param retryAfter when refused, how long until the next request would be allowed
	 */
	public record Decision(boolean allowed, long remaining, Duration retryAfter) {

		/** {@code Retry-After} in whole seconds, never 0. */
		public long retryAfterSeconds() {
			return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
		}

	}

}
