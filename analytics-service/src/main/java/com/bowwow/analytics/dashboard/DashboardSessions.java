package com.bowwow.analytics.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dashboard sessions without server state: the cookie holds
 * {@code v1.<expiry epoch seconds>.<nonce>.<HMAC-SHA256>}, signed with a key derived from
 * {@code OPERATOR_TOKEN}. The token itself never leaves the login request, and rotating
 * it ends every session.
 */
class DashboardSessions {

	/** The cookie's name. */
	public static final String COOKIE = "bowwow_dashboard";

	private static final String VERSION = "v1";

	private static final String ALGORITHM = "HmacSHA256";

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final byte[] tokenDigest;

	private final SecretKeySpec key;

	private final Duration lifetime;

	private final Clock clock;

	/**
	 * @param operatorToken the operator credential; null or blank disables logins
	 * @param lifetime how long a session lasts
	 * @param clock the clock
	 */
	public DashboardSessions(String operatorToken, Duration lifetime, Clock clock) {
		boolean configured = operatorToken != null && !operatorToken.isBlank();
		this.tokenDigest = configured ? sha256(operatorToken.trim()) : null;
		this.key = configured ? new SecretKeySpec(
				hmac(new SecretKeySpec(operatorToken.trim().getBytes(StandardCharsets.UTF_8), ALGORITHM),
						"bowwow analytics dashboard session key"),
				ALGORITHM) : null;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** Whether logins are possible at all (an operator token is configured). */
	public boolean isConfigured() {
		return this.key != null;
	}

	public Duration lifetime() {
		return this.lifetime;
	}

	/**
	 * Whether the presented token is the operator token. Both sides are hashed first, so
	 * the comparison takes the same time whatever was sent.
	 */
	public boolean isOperatorToken(String presented) {
		if (this.tokenDigest == null || presented == null) {
			return false;
		}
		return MessageDigest.isEqual(this.tokenDigest, sha256(presented.trim()));
	}

	/** A new session's cookie value. */
	public String issue() {
		if (this.key == null) {
			throw new IllegalStateException("No operator token configured");
		}
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		long expires = this.clock.instant().plus(this.lifetime).getEpochSecond();
		String body = VERSION + "." + expires + "." + BASE64.encodeToString(nonce);
		return body + "." + BASE64.encodeToString(hmac(this.key, body));
	}

	/**
	 * Whether a cookie value is a session this service signed and that has not expired.
	 */
	public boolean isValid(String value) {
		if (this.key == null || value == null || value.length() > 200) {
			return false;
		}
		int lastDot = value.lastIndexOf('.');
		String[] parts = value.split("\\.", -1);
		if (parts.length != 4 || !VERSION.equals(parts[0])) {
			return false;
		}
		byte[] presented;
		try {
			presented = Base64.getUrlDecoder().decode(parts[3]);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (!MessageDigest.isEqual(hmac(this.key, value.substring(0, lastDot)), presented)) {
			return false;
		}
		try {
			return Long.parseLong(parts[1]) > this.clock.instant().getEpochSecond();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static byte[] hmac(SecretKeySpec key, String data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
