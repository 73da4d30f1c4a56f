package com.bowwow.location.position;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.bowwow.common.id.UserId;
import com.bowwow.location.crypto.PositionCipher;
import com.bowwow.location.crypto.SealedPosition;
import com.bowwow.location.crypto.UndecryptablePositionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code positions} table: sealed on the way in, opened on the way out. */
@Repository
public class PositionStore {

	private static final Logger log = LoggerFactory.getLogger(PositionStore.class);

	private final JdbcClient jdbc;

	private final PositionCipher cipher;

	PositionStore(JdbcClient jdbc, PositionCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/**
	 * Stores the position unless the user already has one reported at the same time or
	 * later: one conditional upsert, so concurrent and out-of-order updates resolve in
	 * the database.
	 * @return empty when an equal or newer position was already stored; otherwise the
	 * stored row's activity bookkeeping
	 */
	public Optional<Saved> saveIfNewer(StoredPosition position, Instant receivedAt) {
		SealedPosition sealed = this.cipher.seal(position.userId(), position.coordinates());
		return this.jdbc.sql("""
				insert into positions (user_id, key_id, sealed, reported_at, received_at)
				values (:id, :key, :sealed, :reported, :received)
				on conflict (user_id) do update set key_id = excluded.key_id, sealed = excluded.sealed,
				    reported_at = excluded.reported_at, received_at = excluded.received_at
				where positions.reported_at < excluded.reported_at
				returning activity_published_at
				""")
			.param("id", position.userId().value())
			.param("key", sealed.keyId())
			.param("sealed", sealed.sealed())
			.param("reported", Timestamp.from(position.reportedAt()))
			.param("received", Timestamp.from(receivedAt))
			.query((rs, n) -> new Saved(Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)))
			.optional();
	}

	/**
	 * Claims the user's activity announcement: true for exactly one caller per interval,
	 * so that concurrent updates on several instances publish one event. Run it in the
	 * transaction that publishes the event, so that a failed publish releases the claim.
	 */
	public boolean claimActivity(UserId userId, Instant now, Instant publishedBefore) {
		return this.jdbc.sql("""
				update positions set activity_published_at = :now
				where user_id = :id and (activity_published_at is null or activity_published_at <= :before)
				""")
			.param("now", Timestamp.from(now))
			.param("id", userId.value())
			.param("before", Timestamp.from(publishedBefore))
			.update() == 1;
	}

	/**
	 * What the upsert reports about a stored position.
	 *
	 * @param activityPublishedAt when this user's activity was last announced, if ever
	 * (while their position row lived)
	 */
	public record Saved(Optional<Instant> activityPublishedAt) {
	}

	/** The user's newest position if reported at or after {@code notBefore}. */
	public Optional<StoredPosition> find(UserId userId, Instant notBefore) {
		return this.jdbc
			.sql("select user_id, key_id, sealed, reported_at from positions where user_id = ? "
					+ "and reported_at >= ?")
			.param(userId.value())
			.param(Timestamp.from(notBefore))
			.query((rs, n) -> open(rs.getObject("user_id", UUID.class), rs.getString("key_id"), rs.getBytes("sealed"),
					rs.getTimestamp("reported_at").toInstant()))
			.optional()
			.filter((position) -> position.coordinates() != null);
	}

	/**
	 * The newest positions of these users that were reported at or after
	 * {@code notBefore}.
	 */
	public List<StoredPosition> findAll(Collection<UserId> userIds, Instant notBefore) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("select user_id, key_id, sealed, reported_at from positions where user_id = any(?) "
					+ "and reported_at >= ?")
			.param(userIds.stream().map(UserId::value).distinct().toArray(UUID[]::new))
			.param(Timestamp.from(notBefore))
			.query((rs, n) -> open(rs.getObject("user_id", UUID.class), rs.getString("key_id"), rs.getBytes("sealed"),
					rs.getTimestamp("reported_at").toInstant()))
			.list()
			.stream()
			.filter((position) -> position.coordinates() != null)
			.toList();
	}

	/**
	 * Streams every position reported at or after {@code notBefore} of users not known to
	 * be offline or deleted, in batches, for rebuilding the index. Rows that cannot be
	 * opened (a key removed too early) are logged and skipped.
	 */
	public void forEachVisible(Instant notBefore, int batchSize, Consumer<List<StoredPosition>> batch) {
		// The nil UUID sorts first in PostgreSQL (unsigned byte order).
		UUID after = new UUID(0, 0);
		while (true) {
			List<StoredPosition> rows = this.jdbc.sql("""
					select p.user_id, p.key_id, p.sealed, p.reported_at from positions p
					left join user_settings s on s.user_id = p.user_id
					where p.reported_at >= :notBefore and p.user_id > :after
					    and not coalesce(s.is_offline or s.deleted, false)
					order by p.user_id limit :limit
					""")
				.param("notBefore", Timestamp.from(notBefore))
				.param("after", after)
				.param("limit", batchSize)
				.query((rs, n) -> open(rs.getObject("user_id", UUID.class), rs.getString("key_id"),
						rs.getBytes("sealed"), rs.getTimestamp("reported_at").toInstant()))
				.list();
			if (rows.isEmpty()) {
				return;
			}
			after = rows.getLast().userId().value();
			batch.accept(rows.stream().filter((position) -> position.coordinates() != null).toList());
			if (rows.size() < batchSize) {
				return;
			}
		}
	}

	/**
	 * Marks the user's stored position as missing from the index (its Redis write
	 * failed), for {@code IndexRepairJob}.
	 */
	public void markIndexDirty(UserId userId) {
		this.jdbc.sql("update positions set index_dirty = true where user_id = ?").param(userId.value()).update();
	}

	/** Up to {@code limit} positions whose index write failed. */
	public List<StoredPosition> findIndexDirty(int limit) {
		return this.jdbc.sql("select user_id, key_id, sealed, reported_at from positions where index_dirty limit ?")
			.param(limit)
			.query((rs, n) -> open(rs.getObject("user_id", UUID.class), rs.getString("key_id"), rs.getBytes("sealed"),
					rs.getTimestamp("reported_at").toInstant()))
			.list();
	}

	/**
	 * Clears the marker unless a newer position replaced the one that was repaired (that
	 * one is repaired on the next run).
	 */
	public void clearIndexDirty(UserId userId, Instant reportedAt) {
		this.jdbc.sql("update positions set index_dirty = false where user_id = ? and reported_at = ?")
			.param(userId.value())
			.param(Timestamp.from(reportedAt))
			.update();
	}

	/** Deletes positions reported before the cutoff; returns how many. */
	public int deleteReportedBefore(Instant cutoff, int batchSize) {
		return this.jdbc.sql("""
				delete from positions where user_id in
				    (select user_id from positions where reported_at < :cutoff limit :limit)
				    and reported_at < :cutoff
				""").param("cutoff", Timestamp.from(cutoff)).param("limit", batchSize).update();
	}

	public void delete(UserId userId) {
		this.jdbc.sql("delete from positions where user_id = ?").param(userId.value()).update();
	}

	private StoredPosition open(UUID id, String keyId, byte[] sealed, Instant reportedAt) {
		UserId userId = new UserId(id);
		try {
			return new StoredPosition(userId, this.cipher.open(userId, new SealedPosition(keyId, sealed)), reportedAt);
		}
		catch (UndecryptablePositionException ex) {
			log.error("Cannot open the stored position of {}: {}", userId, ex.getMessage());
			return new StoredPosition(userId, null, reportedAt);
		}
	}

}
