package com.bowwow.user.token;

import java.time.Duration;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Makes every token of a user invalid in every service at once, by the Redis marker all
 * validators check. The marker lives as long as the longest token could (plus a margin
 * for clock skew), then nothing is left of it.
 */
public class TokenRevocation {

	private static final Duration SKEW_MARGIN = Duration.ofMinutes(5);

	private final StringRedisTemplate redis;

	private final Duration markerLifetime;

	TokenRevocation(StringRedisTemplate redis, TokenProperties properties) {
		this.redis = redis;
		this.markerLifetime = properties.accessTokenLifetime().plus(SKEW_MARGIN);
	}

	public void revokeAll(UserId userId) {
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(userId), "1", this.markerLifetime);
	}

	/** Undoes {@link #revokeAll} when the deletion it preceded did not happen. */
	public void restore(UserId userId) {
		this.redis.delete(AccessTokens.revokedUserKey(userId));
	}

}
