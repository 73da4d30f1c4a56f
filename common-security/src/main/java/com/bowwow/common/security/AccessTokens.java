package com.bowwow.common.security;

import com.bowwow.common.id.UserId;

/**
 * The access-token contract shared by the issuer (user-service) and every validator:
 * ES256 JWTs with these issuer and audience values, the user ID as {@code sub}, and a
 * Redis key per deleted user that makes all of that user's tokens invalid.
 */
public final class AccessTokens {

	public static final String ISSUER = "https://api.bowwow.app";

	public static final String AUDIENCE = "bowwow-api";

	/** Key ID of the committed development key pair, refused in production. */
	public static final String DEV_KEY_ID = "dev-local";

	private static final String REVOKED_USER_PREFIX = "bowwow:revoked-user:";

	/**
	 * Present once user-service has (re)built the revocation markers from PostgreSQL.
	 * Missing (a flush, a failover to an empty replica) means a deleted user's marker may
	 * be missing too: validators then refuse to decide (503) rather than let them in.
	 */
	public static final String REVOCATION_READY_KEY = "bowwow:revocation:ready";

	/**
	 * Both markers every token validator needs before it trusts the absence of a
	 * revocation or a suspension.
	 */
	public static final java.util.List<String> STANDING_READY_KEYS = java.util.List.of(REVOCATION_READY_KEY,
			SafetyReads.READY_KEY);

	private AccessTokens() {
	}

	/** Redis key whose presence revokes every token of the user. */
	public static String revokedUserKey(UserId userId) {
		return REVOKED_USER_PREFIX + userId;
	}

}
