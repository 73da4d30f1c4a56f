package com.bowwow.common.security;

import com.bowwow.common.id.UserId;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Whether a user's tokens have been revoked (the user was deleted). user-service sets the
 * key; every validator reads it on each request, so a deletion takes effect everywhere at
 * once.
 */
public class RevocationCheck {

	private final StringRedisTemplate redis;

	public RevocationCheck(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Whether the user was deleted.
	 * @param userId the token's user
	 * @return true when every token of the user is refused
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public boolean isRevoked(UserId userId) {
		return Boolean.TRUE.equals(this.redis.hasKey(AccessTokens.revokedUserKey(userId)));
	}

}
