package com.bowwow.common.security;

import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.id.UserId;

import com.bowwow.common.redis.LuaScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Whether a user's tokens have been revoked (the user was deleted) or their account is
 * suspended. user-service sets both; every validator reads them on each request, so a
 * deletion or suspension takes effect everywhere at once.
 */
public class RevocationCheck {

	private static final RedisScript<Long> STANDING = LuaScripts.load(RevocationCheck.class, "standing.lua",
			Long.class);

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
	 * Revocation and suspension in one script, with the markers that say both are
	 * complete. A script, not a pipeline: it runs on the shared connection, where a
	 * pipeline must borrow one of its own from the pool, and hundreds of handshakes at
	 * once (a reconnect storm) exhausted the pool and were refused with 503.
	 * @param userId the token's user
	 * @return what the token's user may do
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public Standing standing(UserId userId) {
		Long answer = this.redis.execute(STANDING, keys(userId), userId.toString());
		if (answer == null || answer < 0 || answer >= BY_CODE.length) {
			throw new org.springframework.dao.InvalidDataAccessApiUsageException("unexpected answer " + answer);
		}
		return BY_CODE[answer.intValue()];
	}

	private static List<String> keys(UserId userId) {
		List<String> keys = new ArrayList<>(2 + AccessTokens.STANDING_READY_KEYS.size());
		keys.add(AccessTokens.revokedUserKey(userId));
		keys.add(SafetyReads.SUSPENDED_KEY);
		// Checked last: a marker that is there counts even while the rest is rebuilt.
		keys.addAll(AccessTokens.STANDING_READY_KEYS);
		return keys;
	}

	/** The script's answers, by code. */
	private static final Standing[] BY_CODE = { Standing.ACTIVE, Standing.REVOKED, Standing.SUSPENDED,
			Standing.UNKNOWN };

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
