package com.bowwow.user.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deleted users' tokens are refused everywhere. PostgreSQL holds the truth, a tombstone
 * per deleted user ({@code deleted_users}), written in the deletion's transaction; Redis
 * holds what every validator reads, rewritten from the tombstones: the marker
 * {@code bowwow:revoked-user:<id>} (until the last token issued before the deletion has
 * expired) and the recently-deleted set {@link SafetyReads#DELETED_KEY} (25 h: longer
 * than a stored position lives, while the services erase on {@code UserDeleted}).
 *
 * <p>
 * The markers are written after each deletion commits, re-asserted for recent tombstones
 * on every check (a crash between the commit and the Redis write leaves them missing for
 * at most one interval), and all rebuilt when {@link #READY_KEY} is gone (flush,
 * failover).
 */
public class TokenRevocation {

	/** Present once the markers were (re)built from PostgreSQL. */
	public static final String READY_KEY = AccessTokens.REVOCATION_READY_KEY;

	/** How long a deleted user stays in {@link SafetyReads#DELETED_KEY}. */
	static final Duration DELETED_SET_WINDOW = Duration.ofHours(25);

	/** Tombstones this recent are re-asserted on every check. */
	static final Duration REASSERT_WINDOW = Duration.ofMinutes(10);

	private static final Duration SKEW_MARGIN = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(TokenRevocation.class);

	private final StringRedisTemplate redis;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration markerLifetime;

	TokenRevocation(StringRedisTemplate redis, JdbcClient jdbc, Clock clock, TokenProperties properties) {
		this.redis = redis;
		this.jdbc = jdbc;
		this.clock = clock;
		this.markerLifetime = properties.accessTokenLifetime().plus(SKEW_MARGIN);
	}

	/**
	 * Writes the tombstone; call inside the deletion's transaction.
	 * @return when the user was deleted
	 */
	public Instant tombstone(UserId userId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		this.jdbc.sql("""
				INSERT INTO deleted_users (user_id, deleted_at) VALUES (:id, :now)
				ON CONFLICT (user_id) DO NOTHING""")
			.param("id", userId.value())
			.param("now", Timestamp.from(now))
			.update();
		return deletedAt(userId).orElse(now);
	}

	/** When the user was deleted, if they were (and the tombstone is still kept). */
	public Optional<Instant> deletedAt(UserId userId) {
		return this.jdbc.sql("SELECT deleted_at FROM deleted_users WHERE user_id = :id")
			.param("id", userId.value())
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant);
	}

	/**
	 * Writes the Redis markers of one deleted user: their tokens refused, and (while
	 * recent) them hidden from every read.
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be written
	 */
	public void publish(UserId userId, Instant deletedAt) {
		publish(List.of(new Tombstone(userId, deletedAt)));
	}

	private void publish(List<Tombstone> tombstones) {
		if (tombstones.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		RedisSerializer<String> strings = this.redis.getStringSerializer();
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (Tombstone tombstone : tombstones) {
				long ttl = Duration.between(now, tombstone.deletedAt().plus(this.markerLifetime)).toSeconds();
				if (ttl > 0) {
					connection.stringCommands()
						.setEx(strings.serialize(AccessTokens.revokedUserKey(tombstone.userId())), ttl,
								strings.serialize("1"));
				}
				if (tombstone.deletedAt().isAfter(now.minus(DELETED_SET_WINDOW))) {
					connection.setCommands()
						.sAdd(strings.serialize(SafetyReads.DELETED_KEY),
								strings.serialize(tombstone.userId().toString()));
				}
			}
			return null;
		});
	}

	/** Whether the markers are there (else {@link #check()} rebuilds them). */
	public boolean isReady() {
		return Boolean.TRUE.equals(this.redis.hasKey(READY_KEY));
	}

	/**
	 * The periodic check: rebuilds everything when the ready marker is missing, else
	 * re-asserts the recent tombstones; then drops old entries of the deleted set and
	 * tombstones no token can outlive.
	 * @return whether a full rebuild ran
	 */
	public boolean check() {
		boolean rebuild = !isReady();
		Instant now = this.clock.instant();
		Instant since = rebuild ? now.minus(this.markerLifetime) : now.minus(REASSERT_WINDOW);
		List<Tombstone> tombstones = tombstonesSince(since);
		publish(tombstones);
		pruneDeletedSet(now);
		if (rebuild) {
			this.redis.opsForValue().set(READY_KEY, "rebuilt");
			log.info("Rebuilt {} revocation markers from PostgreSQL", tombstones.size());
		}
		this.jdbc.sql("DELETE FROM deleted_users WHERE deleted_at < :before")
			.param("before", Timestamp.from(now.minus(this.markerLifetime)))
			.update();
		return rebuild;
	}

	/**
	 * Drops members deleted more than 25 h ago. A member is only added after its
	 * tombstone committed, so the tombstones read after listing the members know every
	 * one of them: a deletion racing this check is never dropped.
	 */
	private void pruneDeletedSet(Instant now) {
		Set<String> members = this.redis.opsForSet().members(SafetyReads.DELETED_KEY);
		if (members == null || members.isEmpty()) {
			return;
		}
		Set<String> recent = new HashSet<>();
		tombstonesSince(now.minus(DELETED_SET_WINDOW)).forEach((t) -> recent.add(t.userId().toString()));
		List<String> old = new ArrayList<>();
		for (String member : members) {
			if (!recent.contains(member)) {
				old.add(member);
			}
		}
		if (!old.isEmpty()) {
			this.redis.opsForSet().remove(SafetyReads.DELETED_KEY, old.toArray());
		}
	}

	private List<Tombstone> tombstonesSince(Instant since) {
		return this.jdbc.sql("SELECT user_id, deleted_at FROM deleted_users WHERE deleted_at >= :since")
			.param("since", Timestamp.from(since))
			.query((rs, row) -> new Tombstone(new UserId(rs.getObject("user_id", UUID.class)),
					rs.getTimestamp("deleted_at").toInstant()))
			.list();
	}

	private record Tombstone(UserId userId, Instant deletedAt) {

	}

}
