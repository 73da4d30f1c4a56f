package com.bowwow.common.events;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where each consumer group durably got to, in the consuming service's own database (the
 * Flyway location {@link EventSchema#CONSUMER_POSITIONS}): the greatest entry ID at and
 * below which the group acknowledged everything. Redis keeps a group's position only in
 * memory; after a flush or a failover to an empty replica the group is recreated here
 * instead of at the start (everything again) or the end (losing what was published
 * meanwhile).
 */
class ConsumerPositions {

	/** Keeps nothing: a lost group restarts at {@code start-from}. */
	static final ConsumerPositions NONE = new ConsumerPositions(null, null);

	private final JdbcTemplate jdbc;

	private final String table;

	ConsumerPositions(JdbcTemplate jdbc, String table) {
		this.jdbc = jdbc;
		this.table = (table == null || table.isEmpty()) ? null : OutboxRelay.checkedTable(table);
	}

	boolean enabled() {
		return this.jdbc != null && this.table != null;
	}

	/** The group's recorded position, or null if none was recorded. */
	EntryId find(String stream, String group) {
		if (!enabled()) {
			return null;
		}
		List<EntryId> found = this.jdbc.query(
				"SELECT last_ms, last_seq FROM " + this.table + " WHERE stream = ? AND group_name = ?",
				(rs, n) -> new EntryId(rs.getLong(1), rs.getLong(2)), stream, group);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Records a position. Positions only move forward: instances of a group report
	 * concurrently, and a late report of an older position must not undo a newer one.
	 */
	void record(String stream, String group, EntryId position) {
		if (!enabled()) {
			return;
		}
		this.jdbc.update(
				"INSERT INTO " + this.table
						+ " AS p (stream, group_name, last_ms, last_seq, updated_at) VALUES (?, ?, ?, ?, now())"
						+ " ON CONFLICT (stream, group_name) DO UPDATE SET last_ms = EXCLUDED.last_ms,"
						+ " last_seq = EXCLUDED.last_seq, updated_at = EXCLUDED.updated_at"
						+ " WHERE (EXCLUDED.last_ms, EXCLUDED.last_seq) > (p.last_ms, p.last_seq)",
				stream, group, position.ms(), position.seq());
	}

}
