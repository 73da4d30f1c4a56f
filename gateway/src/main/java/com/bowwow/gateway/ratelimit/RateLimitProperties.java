package com.bowwow.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits: token buckets that refill at {@code requestsPerMinute} and hold at most
 * {@code burst} requests.
 *
 * @param enabled whether limits apply at all
 * @param trustedProxies how many proxies in front of the gateway append to
 * {@code X-Forwarded-For} (1 behind the ALB; 0 when clients connect directly). The client
 * is the address that many hops from the right; anything further left is
 * client-controlled and ignored.
 * @param perUser budget per authenticated user (JWT {@code sub})
 * @param perIp budget per client IP, for every API request
 * @param registrationPerIp additional, stricter budget per client IP for
 * {@code POST /api/v1/users/register}
 */
@ConfigurationProperties("bowwow.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0") int trustedProxies,
		@DefaultValue( {
				"120", "60" }) Limit perUser,
		@DefaultValue({ "600", "200" }) Limit perIp, @DefaultValue({ "6", "10" }) Limit registrationPerIp){

	public RateLimitProperties {
		if (trustedProxies < 0) {
			throw new IllegalArgumentException("bowwow.gateway.rate-limit.trusted-proxies must be >= 0");
		}
	}

	/**
	 * @param requestsPerMinute sustained rate
	 * @param burst bucket size: requests allowed at once after a quiet period
	 */
	public record Limit(int requestsPerMinute, int burst) {

		public Limit {
			if (requestsPerMinute <= 0 || burst <= 0) {
				throw new IllegalArgumentException(
						"Rate limits must be positive, got " + requestsPerMinute + "/min with burst " + burst);
			}
		}

		/** How long a full bucket takes to refill; the key's lifetime in Redis. */
		Duration refillTime() {
			return Duration.ofMillis((long) Math.ceil(this.burst * 60_000.0 / this.requestsPerMinute));
		}

	}

}
