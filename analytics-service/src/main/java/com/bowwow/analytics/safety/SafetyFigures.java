package com.bowwow.analytics.safety;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.analytics.figures.TimeRange;
import com.bowwow.analytics.safety.Safety.ReportedUser;
import com.bowwow.user.api.ReportReason;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Computes the safety figures. Deleted accounts are left out of everything that names a
 * user or describes a current state, by the {@code users} table as well as by the ingest
 * (a deletion and a report may be applied concurrently by two instances).
 */
public class SafetyFigures {

	/**
	 * The ranges {@code /safety} accepts: safety events are rare, shorter ones say
	 * little.
	 */
	public static final List<TimeRange> RANGES = List.of(TimeRange.DAY, TimeRange.WEEK, TimeRange.MONTH);

	/** How many accounts {@code mostReported} lists. */
	static final int MOST_REPORTED = 10;

	private static final String NOT_DELETED = "not exists (select 1 from users u where u.user_id = %s and u.deleted_at is not null)";

	private final JdbcClient jdbc;

	private final Clock clock;

	public SafetyFigures(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Safety safety(TimeRange range) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Timestamp start = Timestamp.from(now.minus(range.length()));
		Map<String, Long> byReason = new LinkedHashMap<>();
		for (ReportReason reason : ReportReason.values()) {
			byReason.put(reason.wireName(), 0L);
		}
		this.jdbc.sql("select reason, count(*) from reports where filed_at >= ? group by 1")
			.param(start)
			.query((rs) -> {
				byReason.put(rs.getString(1), rs.getLong(2));
			});
		long total = byReason.values().stream().mapToLong(Long::longValue).sum();
		List<ReportedUser> mostReported = this.jdbc.sql("""
				select r.reported_user_id, count(*) from reports r
				where r.filed_at >= ? and r.reported_user_id is not null and %s
				group by 1 order by 2 desc, 1 limit ?
				""".formatted(NOT_DELETED.formatted("r.reported_user_id")))
			.params(start, MOST_REPORTED)
			.query((rs, row) -> new ReportedUser(rs.getString(1), rs.getLong(2)))
			.list();
		long suspended = this.jdbc.sql("""
				select count(*) from suspensions s
				where s.suspended_at is not null and (s.lifted_at is null or s.lifted_at < s.suspended_at)
				  and (s.until is null or s.until > ?) and %s
				""".formatted(NOT_DELETED.formatted("s.user_id")))
			.param(Timestamp.from(now))
			.query(Long.class)
			.single();
		long blocks = this.jdbc.sql("select count(*) from blocks where blocked_at >= ?")
			.param(start)
			.query(Long.class)
			.single();
		return new Safety(range.wire(), byReason, total, mostReported, suspended, blocks, now);
	}

}
