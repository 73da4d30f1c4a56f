package com.bowwow.analytics.figures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Computes the contract's figures. "Signal" means a wave of kind {@code signal}:
 * responses are answers, counted on the dashboard but not as signals, senders or
 * receivers. Deleted users no longer count as users, but what they did while they existed
 * stays in the activity figures.
 */
public class Figures {

	/** Reach bands, in miles: [0,3), [3,6), [6,9), [9,10], above 10. */
	public static final List<String> DISTANCE_BANDS = List.of("0-2", "3-5", "6-8", "9-10", "10+");

	/** Meters in a statute mile. */
	static final double METERS_PER_MILE = 1609.344;

	/**
	 * The band of a reach, in SQL. Rounded to a micro-mile so that a 10-mile maximum that
	 * went through meters and back stays 10, not 10.000000001.
	 */
	static final String BAND_SQL = """
			case
			  when round((max_distance_meters / 1609.344)::numeric, 6) < 3 then '0-2'
			  when round((max_distance_meters / 1609.344)::numeric, 6) < 6 then '3-5'
			  when round((max_distance_meters / 1609.344)::numeric, 6) < 9 then '6-8'
			  when round((max_distance_meters / 1609.344)::numeric, 6) <= 10 then '9-10'
			  else '10+'
			end""";

	private final JdbcClient jdbc;

	private final FiguresProperties properties;

	private final Clock clock;

	public Figures(JdbcClient jdbc, FiguresProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	public Stats stats() {
		Instant now = now();
		long users = count("select count(*) from users where deleted_at is null");
		long active = count("select count(distinct user_id) from user_activity where last_reported_at >= ?",
				ts(now.minus(this.properties.activeWindow())));
		long signals = count("select count(*) from signals where kind = 'signal'");
		long activeSignals = count(
				"select count(*) from signals where kind = 'signal' and sent_at > ? and sent_at <= ?",
				ts(now.minus(this.properties.signalLife())), ts(now));
		return new Stats(users, active, signals, activeSignals, now);
	}

	public SignalActivity signalActivity(TimeRange range) {
		Instant now = now();
		Timestamp start = ts(now.minus(range.length()));
		Map<String, Long> byHour = new LinkedHashMap<>();
		for (int hour = 0; hour < 24; hour++) {
			byHour.put(Integer.toString(hour), 0L);
		}
		this.jdbc.sql("""
				select extract(hour from sent_at at time zone 'UTC')::int, count(*) from signals
				where kind = 'signal' and sent_at >= ? group by 1
				""").param(start).query((rs) -> {
			byHour.put(Integer.toString(rs.getInt(1)), rs.getLong(2));
		});
		Map<String, Long> byDistance = new LinkedHashMap<>();
		DISTANCE_BANDS.forEach((band) -> byDistance.put(band, 0L));
		this.jdbc
			.sql("select " + BAND_SQL + ", count(*) from signals where kind = 'signal' and sent_at >= ? group by 1")
			.param(start)
			.query((rs) -> {
				byDistance.put(rs.getString(1), rs.getLong(2));
			});
		long total = byHour.values().stream().mapToLong(Long::longValue).sum();
		return new SignalActivity(range.wire(), byHour, byDistance, total, now);
	}

	public UserActivity userActivity(TimeRange range) {
		Instant now = now();
		Timestamp start = ts(now.minus(range.length()));
		return this.jdbc.sql("""
				with active as (
				  select distinct user_id from user_activity where last_reported_at >= ?
				), senders as (
				  select distinct sender_id as user_id from signals where kind = 'signal' and sent_at >= ?
				), receivers as (
				  select distinct receiver_id as user_id from deliveries where kind = 'signal' and received_at >= ?
				)
				select (select count(*) from active), (select count(*) from senders), (select count(*) from receivers),
				  (select count(*) from active
				   where user_id in (select user_id from senders union select user_id from receivers))
				""")
			.params(start, start, start)
			.query((rs, row) -> new UserActivity(range.wire(), rs.getLong(1), rs.getLong(2), rs.getLong(3),
					percentage(rs.getLong(4), rs.getLong(1)), now))
			.single();
	}

	/** {@code part} of {@code whole} in percent with one decimal, 0 when whole is 0. */
	static double percentage(long part, long whole) {
		if (whole == 0) {
			return 0;
		}
		return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).doubleValue();
	}

	/** Now, to the second: figures and their timestamp refer to the same instant. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	private long count(String sql, Object... arguments) {
		return this.jdbc.sql(sql).params(arguments).query(Long.class).single();
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
