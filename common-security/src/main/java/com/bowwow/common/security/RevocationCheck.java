package com.bowwow.common.security;

import java.util.List;

import com.bowwow.common.id.UserId;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Whether a user's tokens have been revoked (the user was deleted) or their account is
 * suspended. user-service sets both; every validator reads them on each request, so a
 * deletion or suspension takes effect everywhere at once.
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

	/**
	 * Revocation and suspension in one pipelined round trip, with the markers that say
	 * both are complete.
	 * @param userId the token's user
	 * @return what the token's user may do
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public Standing standing(UserId userId) {
		RedisSerializer<String> strings = this.redis.getStringSerializer();
		List<Object> answers = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			connection.keyCommands().exists(strings.serialize(AccessTokens.revokedUserKey(userId)));
			connection.setCommands()
				.sIsMember(strings.serialize(SafetyReads.SUSPENDED_KEY), strings.serialize(userId.toString()));
			for (String ready : AccessTokens.STANDING_READY_KEYS) {
				connection.keyCommands().exists(strings.serialize(ready));
			}
			return null;
		});
		if (answers.size() != 2 + AccessTokens.STANDING_READY_KEYS.size()) {
			throw new org.springframework.dao.InvalidDataAccessApiUsageException("unexpected answers " + answers);
		}
		if (present(answers.get(0))) {
			return Standing.REVOKED;
		}
		if (Boolean.TRUE.equals(answers.get(1))) {
			return Standing.SUSPENDED;
		}
		// Checked last: a marker that is there counts even while the rest is rebuilt.
		for (int i = 2; i < answers.size(); i++) {
			if (!present(answers.get(i))) {
				return Standing.UNKNOWN;
			}
		}
		return Standing.ACTIVE;
	}

	private static boolean present(Object exists) {
		return Boolean.TRUE.equals(exists) || (exists instanceof Number count && count.longValue() > 0);
	}

	/** What a valid token's user may do. */
	public enum Standing {

		/** Everything their token allows. */
		ACTIVE,
		/** Nothing: the account was deleted (401). */
		REVOKED,
		/** Nothing until an operator lifts the suspension (403 ACCOUNT_SUSPENDED). */
		SUSPENDED,
		/**
		 * Cannot tell: Redis lost the markers and user-service has not rebuilt them yet
		 * (about a second). Refused as unavailable (503), never let through.
		 */
		UNKNOWN

	}

}
