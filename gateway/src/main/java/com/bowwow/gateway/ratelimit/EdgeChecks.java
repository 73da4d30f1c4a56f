package com.bowwow.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Everything the gateway asks Redis about a request, in one round trip: one Lua script
 * takes from every token bucket that applies (client IP, registration, user) and checks
 * the user's standing (deleted: {@code bowwow:revoked-user:<userID>}, suspended:
 * {@link SafetyReads#SUSPENDED_KEY}). Buckets live in Redis so every gateway task draws
 * from the same budget, refilled by Redis's own clock so task clocks never disagree.
 *
 * <p>
 * Order inside the script, as before it was one script: the buckets before the standing
 * check are taken first (a refused IP or registration bucket stops there), then the
 * standing (a deleted or suspended user takes nothing from their own bucket), then the
 * remaining buckets.
 *
 * <p>
 * The keys are in different hash slots: this needs a non-clustered Redis (ElastiCache
 * with cluster mode off, as deployed).
 */
@Component
public class EdgeChecks {

	/** Where the buckets live in Redis. */
	public static final String KEY_PREFIX = "bowwow:rate-limit:";

	// ARGV[1] bucket count n; ARGV[2] the bucket index (1-based) before which the
	// standing is checked, 0 for no standing check; ARGV[3] the user ID; then per bucket:
	// tokens per millisecond, capacity, key TTL in ms. KEYS: the n buckets, then the
	// revoked marker, the suspended set and the two ready markers when the standing is
	// checked. Returns {outcome, bucket index, milliseconds until a token is back}:
	// outcome 0 = allowed, 1 = the bucket at index is empty, 2 = revoked, 3 = suspended,
	// 4 = cannot tell (a ready marker is missing: Redis lost the read models).
	private static final RedisScript<List> CHECK = RedisScript.of("""
			local n = tonumber(ARGV[1])
			local standingAt = tonumber(ARGV[2])
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local function standing()
			  if redis.call('EXISTS', KEYS[n + 1]) == 1 then return 2 end
			  if redis.call('SISMEMBER', KEYS[n + 2], ARGV[3]) == 1 then return 3 end
			  if redis.call('EXISTS', KEYS[n + 3], KEYS[n + 4]) < 2 then return 4 end
			  return 0
			end
			for i = 1, n do
			  if i == standingAt then
			    local s = standing()
			    if s ~= 0 then return {s, 0, 0} end
			  end
			  local rate = tonumber(ARGV[1 + 3 * i])
			  local capacity = tonumber(ARGV[2 + 3 * i])
			  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
			  local tokens = tonumber(state[1]) or capacity
			  local at = tonumber(state[2]) or now
			  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
			  if tokens < 1 then
			    redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'at', tostring(now))
			    redis.call('PEXPIRE', KEYS[i], ARGV[3 + 3 * i])
			    return {1, i, math.ceil((1 - tokens) / rate)}
			  end
			  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens - 1), 'at', tostring(now))
			  redis.call('PEXPIRE', KEYS[i], ARGV[3 + 3 * i])
			end
			if standingAt == n + 1 then
			  local s = standing()
			  if s ~= 0 then return {s, 0, 0} end
			end
			return {0, 0, 0}
			""", List.class);

	private final ReactiveStringRedisTemplate redis;

	public EdgeChecks(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Takes one request from each bucket in order and, when {@code user} is given, checks
	 * their standing before the first bucket of {@code afterStanding}.
	 * @param beforeStanding buckets taken first (client IP, registration)
	 * @param user whose standing to check, or null
	 * @param afterStanding buckets taken only if the user is in good standing
	 */
	public Mono<Verdict> check(List<Bucket> beforeStanding, UserId user, List<Bucket> afterStanding) {
		List<Bucket> buckets = new ArrayList<>(beforeStanding);
		buckets.addAll(afterStanding);
		if (buckets.isEmpty() && user == null) {
			return Mono.just(Verdict.ALLOWED);
		}
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Integer.toString(buckets.size()));
		args.add((user != null) ? Integer.toString(beforeStanding.size() + 1) : "0");
		args.add((user != null) ? user.toString() : "");
		for (Bucket bucket : buckets) {
			keys.add(KEY_PREFIX + bucket.key());
			RateLimitProperties.Limit limit = bucket.limit();
			args.add(Double.toString(limit.requestsPerMinute() / 60_000.0));
			args.add(Integer.toString(limit.burst()));
			args.add(Long.toString(limit.refillTime().toMillis() + 1000));
		}
		if (user != null) {
			keys.add(AccessTokens.revokedUserKey(user));
			keys.add(SafetyReads.SUSPENDED_KEY);
			keys.addAll(AccessTokens.STANDING_READY_KEYS);
		}
		return this.redis.execute(CHECK, keys, args).next().map((result) -> {
			int outcome = ((Number) result.get(0)).intValue();
			return switch (outcome) {
				case 0 -> Verdict.ALLOWED;
				case 1 -> Verdict.limited(buckets.get(((Number) result.get(1)).intValue() - 1).name(),
						Duration.ofMillis(((Number) result.get(2)).longValue()));
				case 2 -> Verdict.REVOKED;
				case 3 -> Verdict.SUSPENDED;
				case 4 -> Verdict.UNKNOWN;
				default -> throw new IllegalStateException("Unexpected edge check outcome " + outcome);
			};
		});
	}

	/**
	 * @param name the limit's name in metrics and problems ({@code ip},
	 * {@code registration}, {@code user})
	 * @param key the bucket's key below {@link #KEY_PREFIX}
	 * @param limit its rate and burst
	 */
	public record Bucket(String name, String key, RateLimitProperties.Limit limit) {
	}

	/**
	 * @param outcome what the script decided
	 * @param limit for {@link Outcome#LIMITED}, which bucket was empty
	 * @param retryAfter for {@link Outcome#LIMITED}, how long until it has a token again
	 */
	public record Verdict(Outcome outcome, String limit, Duration retryAfter) {

		public static final Verdict ALLOWED = new Verdict(Outcome.ALLOWED, null, Duration.ZERO);

		static final Verdict REVOKED = new Verdict(Outcome.REVOKED, null, Duration.ZERO);

		static final Verdict SUSPENDED = new Verdict(Outcome.SUSPENDED, null, Duration.ZERO);

		static final Verdict UNKNOWN = new Verdict(Outcome.UNKNOWN, null, Duration.ZERO);

		static Verdict limited(String limit, Duration retryAfter) {
			return new Verdict(Outcome.LIMITED, limit, retryAfter);
		}

		/** {@code Retry-After} in whole seconds, never 0. */
		public long retryAfterSeconds() {
			return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
		}

	}

	public enum Outcome {

		ALLOWED, LIMITED, REVOKED, SUSPENDED,
		/**
		 * The user's standing cannot be told: Redis lost the revocation or safety markers
		 * and user-service has not rebuilt them yet. Refused with 503, never let through.
		 */
		UNKNOWN

	}

}
