package com.bowwow.user.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTokenLifetime how long an access token is valid; also how long a deleted
 * user's revocation marker is kept
 */
@ConfigurationProperties("bowwow.user")
public record TokenProperties(@DefaultValue("7d") Duration accessTokenLifetime) {

	public TokenProperties {
		if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()
				|| accessTokenLifetime.compareTo(Duration.ofDays(90)) > 0) {
			throw new IllegalArgumentException("bowwow.user.access-token-lifetime must be between 1s and 90d");
		}
	}

}
