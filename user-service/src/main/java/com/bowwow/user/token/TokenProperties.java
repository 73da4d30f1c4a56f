package com.bowwow.user.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTokenLifetime how long an access token is valid; also how long a deleted
 * user's tombstone and revocation marker are kept
 * @param refreshTokenIdleLifetime an install whose refresh token was not used for this
 * long must register again ({@code REFRESH_IDLE_LIFETIME})
 * @param revocationCheckInterval how often the Redis revocation markers are re-asserted
 * from the tombstones, and rebuilt when lost ({@code BOWWOW_REVOCATION_CHECK_INTERVAL})
 */
@ConfigurationProperties("bowwow.user")
record TokenProperties(@DefaultValue("7d") Duration accessTokenLifetime,
		@DefaultValue("180d") Duration refreshTokenIdleLifetime, @DefaultValue("5s") Duration revocationCheckInterval) {

	public TokenProperties {
		if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()
				|| accessTokenLifetime.compareTo(Duration.ofDays(90)) > 0) {
			throw new IllegalArgumentException("bowwow.user.access-token-lifetime must be between 1s and 90d");
		}
		if (refreshTokenIdleLifetime.compareTo(accessTokenLifetime) < 0) {
			throw new IllegalArgumentException(
					"bowwow.user.refresh-token-idle-lifetime must be at least the access token lifetime");
		}
	}

}
