package com.bowwow.user.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens: the long-lived secret of one install, 32 random bytes shown once and
 * stored only as their SHA-256. Each use replaces it (rotation); presenting a replaced
 * token again means someone holds a copy, so the install's whole family is revoked (reuse
 * detection). Every method runs in the caller's transaction.
 */
@Component
public class RefreshTokens {

	/** 32 bytes, base64url without padding. */
	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final JdbcClient jdbc;

	private final Clock clock;

	private final TokenProperties properties;

	private final SecureRandom random = new SecureRandom();

	RefreshTokens(JdbcClient jdbc, Clock clock, TokenProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Starts a new install (family) for the user.
	 * @return the secret to hand to the client, once
	 */
	public String startInstall(UserId userId) {
		Instant now = now();
		UUID family = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO refresh_families (id, user_id, created_at, last_used_at) VALUES (:id, :user, :now, :now)""")
			.param("id", family)
			.param("user", userId.value())
			.param("now", Timestamp.from(now))
			.update();
		return issue(family, now);
	}

	/**
	 * Exchanges a refresh token for its successor.
	 * @param secret what the client presented (any string)
	 * @return the rotation, or what was wrong with the token (a replayed one has revoked
	 * its family by the time this returns; commit to keep that)
	 */
	public Presentation rotate(String secret) {
		if (secret == null || !SHAPE.matcher(secret).matches()) {
			return Presentation.UNKNOWN;
		}
		Optional<Row> found = this.jdbc.sql("""
				SELECT t.family_id, t.rotated_at IS NOT NULL AS rotated, f.user_id, f.revoked_at IS NOT NULL AS revoked,
				    f.last_used_at
				FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
				WHERE t.token_hash = :hash
				FOR UPDATE OF t, f""")
			.param("hash", hash(secret))
			.query((rs, row) -> new Row(rs.getObject("family_id", UUID.class), rs.getBoolean("rotated"),
					new UserId(rs.getObject("user_id", UUID.class)), rs.getBoolean("revoked"),
					rs.getTimestamp("last_used_at").toInstant()))
			.optional();
		if (found.isEmpty()) {
			return Presentation.UNKNOWN;
		}
		Row row = found.get();
		Instant now = now();
		if (row.revoked()) {
			return Presentation.REVOKED;
		}
		if (row.rotated()) {
			this.jdbc.sql("UPDATE refresh_families SET revoked_at = :now, revoked_reason = 'reuse' WHERE id = :id")
				.param("id", row.family())
				.param("now", Timestamp.from(now))
				.update();
			return Presentation.REUSED;
		}
		if (row.lastUsedAt().plus(this.properties.refreshTokenIdleLifetime()).isBefore(now)) {
			return Presentation.EXPIRED;
		}
		this.jdbc.sql("UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :hash")
			.param("hash", hash(secret))
			.param("now", Timestamp.from(now))
			.update();
		this.jdbc.sql("UPDATE refresh_families SET last_used_at = :now WHERE id = :id")
			.param("id", row.family())
			.param("now", Timestamp.from(now))
			.update();
		return new Presentation(Presentation.Outcome.ROTATED, row.user(), issue(row.family(), now));
	}

	/** The user's installs, newest first, without any secret. */
	public List<Install> installs(UserId userId) {
		return this.jdbc.sql("""
				SELECT id, created_at, last_used_at, revoked_at, revoked_reason FROM refresh_families
				WHERE user_id = :user ORDER BY created_at DESC, id""")
			.param("user", userId.value())
			.query((rs, row) -> new Install(rs.getObject("id", UUID.class), rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("last_used_at").toInstant(),
					(rs.getTimestamp("revoked_at") != null) ? rs.getTimestamp("revoked_at").toInstant() : null,
					rs.getString("revoked_reason")))
			.list();
	}

	private String issue(UUID family, Instant now) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, created_at) VALUES (:hash, :family, :now)")
			.param("hash", hash(secret))
			.param("family", family)
			.param("now", Timestamp.from(now))
			.update();
		return secret;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Row(UUID family, boolean rotated, UserId user, boolean revoked, Instant lastUsedAt) {

	}

	/**
	 * What presenting a refresh token did.
	 *
	 * @param outcome whether it was accepted, and if not why
	 * @param userId the install's user, when rotated
	 * @param successor the new secret, when rotated
	 */
	public record Presentation(Outcome outcome, UserId userId, String successor) {

		static final Presentation UNKNOWN = new Presentation(Outcome.UNKNOWN, null, null);

		static final Presentation REVOKED = new Presentation(Outcome.REVOKED, null, null);

		static final Presentation REUSED = new Presentation(Outcome.REUSED, null, null);

		static final Presentation EXPIRED = new Presentation(Outcome.EXPIRED, null, null);

		public boolean rotated() {
			return this.outcome == Outcome.ROTATED;
		}

		public enum Outcome {

			ROTATED, UNKNOWN, REVOKED, REUSED, EXPIRED

		}

	}

	/**
	 * An install as its owner may see it (export).
	 *
	 * @param installID the family
	 * @param createdAt when the install registered
	 * @param lastUsedAt when its refresh token was last used
	 * @param revokedAt when it was revoked, if it was
	 * @param revokedReason {@code reuse} (a replaced token was presented again)
	 */
	public record Install(UUID installID, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
			String revokedReason) {

	}

}
