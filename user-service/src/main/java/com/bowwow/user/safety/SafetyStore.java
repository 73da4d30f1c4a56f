package com.bowwow.user.safety;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.user.api.ReportReason;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code blocks}, {@code reports} and {@code suspensions} tables. */
@Repository
class SafetyStore {

	private static final String REPORT_COLUMNS = "id, reporter_id, reported_user_id, reason, signal_id, note, status, created_at, closed_at";

	private final JdbcClient jdbc;

	SafetyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean userExists(UserId id) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE id = :id)")
			.param("id", id.value())
			.query(Boolean.class)
			.single();
	}

	/**
	 * @return whether the block is new
	 */
	boolean insertBlock(UserId blocker, UserId blocked, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (:blocker, :blocked, :now)
				ON CONFLICT (blocker_id, blocked_id) DO NOTHING""")
			.param("blocker", blocker.value())
			.param("blocked", blocked.value())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	Optional<Block> block(UserId blocker, UserId blocked) {
		return this.jdbc.sql(
				"SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
			.param("blocker", blocker.value())
			.param("blocked", blocked.value())
			.query(SafetyStore::block)
			.optional();
	}

	/** The blocks this user made, newest first. */
	List<Block> blocksBy(UserId blocker) {
		return this.jdbc.sql("""
				SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = :blocker
				ORDER BY created_at DESC, blocked_id""")
			.param("blocker", blocker.value())
			.query(SafetyStore::block)
			.list();
	}

	/**
	 * @return whether a block was removed
	 */
	boolean deleteBlock(UserId blocker, UserId blocked) {
		return this.jdbc.sql("DELETE FROM blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
			.param("blocker", blocker.value())
			.param("blocked", blocked.value())
			.update() == 1;
	}

	/** Whether a block in either direction stands between the two users. */
	boolean blockedBetween(UserId one, UserId other) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = :one AND blocked_id = :other)
				    OR (blocker_id = :other AND blocked_id = :one))""")
			.param("one", one.value())
			.param("other", other.value())
			.query(Boolean.class)
			.single();
	}

	/** Everyone with a block in either direction with this user. */
	List<UserId> blockPartners(UserId user) {
		return this.jdbc.sql("""
				SELECT blocked_id AS partner FROM blocks WHERE blocker_id = :user
				UNION SELECT blocker_id FROM blocks WHERE blocked_id = :user""")
			.param("user", user.value())
			.query((rs, row) -> new UserId(rs.getObject("partner", UUID.class)))
			.list();
	}

	/** Every block, as (blocker, blocked) pairs, for a rebuild. */
	List<Block> allBlocks() {
		return this.jdbc.sql("SELECT blocker_id, blocked_id, created_at FROM blocks").query(SafetyStore::block).list();
	}

	/**
	 * @return whether it was filed: false when the reporter has an open report on that
	 * user
	 */
	boolean insertReport(Report report) {
		return this.jdbc.sql("""
				INSERT INTO reports (id, reporter_id, reported_user_id, reason, signal_id, note, status, created_at)
				VALUES (:id, :reporter, :reported, :reason, :signal, :note, 'open', :now)
				ON CONFLICT (reporter_id, reported_user_id) WHERE status = 'open' DO NOTHING""")
			.param("id", report.id())
			.param("reporter", report.reporter().value())
			.param("reported", report.reported().value())
			.param("reason", report.reason().wireName())
			.param("signal", report.signalId())
			.param("note", report.note())
			.param("now", Timestamp.from(report.createdAt()))
			.update() == 1;
	}

	Optional<Report> openReport(UserId reporter, UserId reported) {
		return this.jdbc.sql("SELECT " + REPORT_COLUMNS
				+ " FROM reports WHERE reporter_id = :reporter AND reported_user_id = :reported AND status = 'open'")
			.param("reporter", reporter.value())
			.param("reported", reported.value())
			.query(SafetyStore::report)
			.optional();
	}

	Optional<Report> report(UUID id) {
		return this.jdbc.sql("SELECT " + REPORT_COLUMNS + " FROM reports WHERE id = :id")
			.param("id", id)
			.query(SafetyStore::report)
			.optional();
	}

	/**
	 * Reports with the status, newest first, after the given report (exclusive) when one
	 * is given.
	 */
	List<Report> reports(ReportStatus status, Report after, int limit) {
		if (after == null) {
			return this.jdbc
				.sql("SELECT " + REPORT_COLUMNS
						+ " FROM reports WHERE status = :status ORDER BY created_at DESC, id DESC LIMIT :limit")
				.param("status", status.wireName())
				.param("limit", limit)
				.query(SafetyStore::report)
				.list();
		}
		return this.jdbc
			.sql("SELECT " + REPORT_COLUMNS + " FROM reports WHERE status = :status"
					+ " AND (created_at, id) < (:createdAt, :id) ORDER BY created_at DESC, id DESC LIMIT :limit")
			.param("status", status.wireName())
			.param("createdAt", Timestamp.from(after.createdAt()))
			.param("id", after.id())
			.param("limit", limit)
			.query(SafetyStore::report)
			.list();
	}

	/**
	 * @return whether the report was open and is now closed
	 */
	boolean closeReport(UUID id, Instant now) {
		return this.jdbc
			.sql("UPDATE reports SET status = 'closed', closed_at = :now WHERE id = :id AND status = 'open'")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Removes the user's ID (and the signal, which would name them too) from reports
	 * filed against them, and closes those reports: there is nobody left to act on.
	 */
	void anonymiseReportsAgainst(UserId user, Instant now) {
		this.jdbc.sql("""
				UPDATE reports SET reported_user_id = NULL, signal_id = NULL, status = 'closed',
				    closed_at = COALESCE(closed_at, :now)
				WHERE reported_user_id = :user""")
			.param("user", user.value())
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<Suspension> suspension(UserId user) {
		return this.jdbc.sql("SELECT user_id, reason, until, created_at FROM suspensions WHERE user_id = :user")
			.param("user", user.value())
			.query(SafetyStore::suspension)
			.optional();
	}

	/**
	 * @return whether the user was suspended already (the suspension is replaced)
	 */
	boolean upsertSuspension(Suspension suspension) {
		boolean existed = this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM suspensions WHERE user_id = :user)")
			.param("user", suspension.userId().value())
			.query(Boolean.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO suspensions (user_id, reason, until, created_at) VALUES (:user, :reason, :until, :now)
				ON CONFLICT (user_id) DO UPDATE SET reason = EXCLUDED.reason, until = EXCLUDED.until,
				    created_at = EXCLUDED.created_at""")
			.param("user", suspension.userId().value())
			.param("reason", suspension.reason())
			.param("until", (suspension.until() != null) ? Timestamp.from(suspension.until()) : null)
			.param("now", Timestamp.from(suspension.createdAt()))
			.update();
		return existed;
	}

	/**
	 * @return whether a suspension was lifted
	 */
	boolean deleteSuspension(UserId user) {
		return this.jdbc.sql("DELETE FROM suspensions WHERE user_id = :user").param("user", user.value()).update() == 1;
	}

	boolean isSuspended(UserId user) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM suspensions WHERE user_id = :user)")
			.param("user", user.value())
			.query(Boolean.class)
			.single();
	}

	/** Every suspended user, for a rebuild. */
	List<UserId> allSuspended() {
		return this.jdbc.sql("SELECT user_id FROM suspensions")
			.query((rs, row) -> new UserId(rs.getObject("user_id", UUID.class)))
			.list();
	}

	/**
	 * Removes up to {@code limit} suspensions whose end has come; rows another instance
	 * is lifting right now are skipped.
	 * @return the users whose suspension ended
	 */
	List<UserId> deleteExpiredSuspensions(Instant now, int limit) {
		return this.jdbc
			.sql("""
					DELETE FROM suspensions WHERE user_id IN (
					    SELECT user_id FROM suspensions WHERE until <= :now ORDER BY until LIMIT :limit FOR UPDATE SKIP LOCKED)
					RETURNING user_id""")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query((rs, row) -> new UserId(rs.getObject("user_id", UUID.class)))
			.list();
	}

	private static Block block(ResultSet rs, int row) throws SQLException {
		return new Block(new UserId(rs.getObject("blocker_id", UUID.class)),
				new UserId(rs.getObject("blocked_id", UUID.class)), rs.getTimestamp("created_at").toInstant());
	}

	private static Report report(ResultSet rs, int row) throws SQLException {
		UUID reported = rs.getObject("reported_user_id", UUID.class);
		Timestamp closedAt = rs.getTimestamp("closed_at");
		return new Report(rs.getObject("id", UUID.class), new UserId(rs.getObject("reporter_id", UUID.class)),
				(reported != null) ? new UserId(reported) : null, ReportReason.fromWire(rs.getString("reason")),
				rs.getObject("signal_id", UUID.class), rs.getString("note"),
				ReportStatus.fromWire(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
				(closedAt != null) ? closedAt.toInstant() : null);
	}

	private static Suspension suspension(ResultSet rs, int row) throws SQLException {
		Timestamp until = rs.getTimestamp("until");
		return new Suspension(new UserId(rs.getObject("user_id", UUID.class)), rs.getString("reason"),
				(until != null) ? until.toInstant() : null, rs.getTimestamp("created_at").toInstant());
	}

	/**
	 * A block as stored.
	 *
	 * @param blocker who made it
	 * @param blocked who it is against
	 * @param createdAt when it was made
	 */
	record Block(UserId blocker, UserId blocked, Instant createdAt) {

	}

	/**
	 * A report as stored.
	 *
	 * @param id the report
	 * @param reporter who filed it
	 * @param reported who it is about; null once that user deleted their account
	 * @param reason why
	 * @param signalId the signal it is about, if any
	 * @param note the reporter's words, if any
	 * @param status open until an operator closes it
	 * @param createdAt when it was filed
	 * @param closedAt when it was closed, if it is
	 */
	record Report(UUID id, UserId reporter, UserId reported, ReportReason reason, UUID signalId, String note,
			ReportStatus status, Instant createdAt, Instant closedAt) {

	}

	/**
	 * A suspension in force.
	 *
	 * @param userId the suspended user
	 * @param reason the operator's reason
	 * @param until when it ends by itself; null for until lifted
	 * @param createdAt when it was imposed (or last replaced)
	 */
	record Suspension(UserId userId, String reason, Instant until, Instant createdAt) {

	}

}
