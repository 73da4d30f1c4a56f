package com.bowwow.analytics.dashboard;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.analytics.figures.Figures;
import com.bowwow.analytics.figures.SignalActivity;
import com.bowwow.analytics.figures.Stats;
import com.bowwow.analytics.figures.TimeRange;
import com.bowwow.analytics.figures.UserActivity;
import com.bowwow.analytics.operations.Operations;
import com.bowwow.analytics.operations.OperationsProbe;
import com.bowwow.analytics.safety.Safety;
import com.bowwow.analytics.safety.SafetyFigures;
import com.bowwow.push.api.PushEvents.Outcome;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Everything the dashboard draws for one range, in one response. */
class DashboardData {

	/**
	 * Upper bounds (exclusive, ms) of the lateness histogram; the last bucket is open.
	 */
	static final long[] LATENESS_BOUNDS_MS = { 100, 250, 500, 1000, 2000, 5000, 10000, 30000 };

	static final List<String> LATENESS_LABELS = List.of("< 0.1 s", "0.1–0.25 s", "0.25–0.5 s", "0.5–1 s", "1–2 s",
			"2–5 s", "5–10 s", "10–30 s", "≥ 30 s");

	/** An instance whose last sample is older than this is gone, not idle. */
	static final Duration SAMPLE_STALE_AFTER = Duration.ofMinutes(3);

	private static final Duration HOUR = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final Figures figures;

	private final SafetyFigures safety;

	private final OperationsProbe operations;

	private final Clock clock;

	public DashboardData(JdbcClient jdbc, Figures figures, SafetyFigures safety, OperationsProbe operations,
			Clock clock) {
		this.jdbc = jdbc;
		this.figures = figures;
		this.safety = safety;
		this.operations = operations;
		this.clock = clock;
	}

	public View view(TimeRange range) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant start = now.minus(range.length());
		return new View(range.wire(), now, this.figures.stats(), this.figures.signalActivity(range),
				this.figures.userActivity(range), signalsOverTime(range, start, now),
				activeUsersOverTime(range, start, now), pushOutcomes(start), lateness(start),
				connections(range, start, now), this.safety.safety(range), this.operations.read());
	}

	private TimeSeries signalsOverTime(TimeRange range, Instant start, Instant now) {
		long width = range.bucket().toSeconds();
		List<Instant> buckets = buckets(start, now, width);
		Map<String, long[]> series = new LinkedHashMap<>();
		series.put("signal", new long[buckets.size()]);
		series.put("response", new long[buckets.size()]);
		this.jdbc.sql("""
				select (floor(extract(epoch from sent_at) / ?) * ?)::bigint, kind, count(*)
				from signals where sent_at >= ? group by 1, 2
				""").params(width, width, ts(start)).query((rs) -> {
			long[] values = series.get(rs.getString(2));
			add(values, buckets, width, rs.getLong(1), rs.getLong(3));
		});
		return TimeSeries.of(buckets, series);
	}

	/** Users are known active per hour, so this series is never finer than an hour. */
	private TimeSeries activeUsersOverTime(TimeRange range, Instant start, Instant now) {
		long width = Math.max(range.bucket().toSeconds(), HOUR.toSeconds());
		List<Instant> buckets = buckets(start, now, width);
		long[] values = new long[buckets.size()];
		this.jdbc.sql("""
				select (floor(extract(epoch from hour) / ?) * ?)::bigint, count(distinct user_id)
				from user_activity where last_reported_at >= ? group by 1
				""").params(width, width, ts(start)).query((rs) -> {
			add(values, buckets, width, rs.getLong(1), rs.getLong(2));
		});
		Map<String, long[]> series = new LinkedHashMap<>();
		series.put("activeUsers", values);
		return TimeSeries.of(buckets, series);
	}

	private PushOutcomes pushOutcomes(Instant start) {
		Map<String, Long> byOutcome = new LinkedHashMap<>();
		for (Outcome outcome : Outcome.values()) {
			byOutcome.put(outcome.name(), 0L);
		}
		Timestamp from = ts(start.truncatedTo(ChronoUnit.HOURS));
		this.jdbc.sql("select outcome, sum(count) from push_outcomes where hour >= ? group by 1")
			.param(from)
			.query((rs) -> {
				byOutcome.put(rs.getString(1), rs.getLong(2));
			});
		List<PushReason> reasons = this.jdbc.sql("""
				select outcome, reason, sum(count) from push_outcomes
				where hour >= ? and outcome <> 'SENT' and reason <> ''
				group by 1, 2 order by 3 desc, 1, 2 limit 8
				""")
			.param(from)
			.query((rs, row) -> new PushReason(rs.getString(1), rs.getString(2), rs.getLong(3)))
			.list();
		return new PushOutcomes(byOutcome, reasons);
	}

	private Lateness lateness(Instant start) {
		long[] counts = new long[LATENESS_LABELS.size()];
		StringBuilder bucket = new StringBuilder("case");
		for (int i = 0; i < LATENESS_BOUNDS_MS.length; i++) {
			bucket.append(" when lateness_ms < ").append(LATENESS_BOUNDS_MS[i]).append(" then ").append(i);
		}
		bucket.append(" else ").append(LATENESS_BOUNDS_MS.length).append(" end");
		this.jdbc.sql("select " + bucket + ", count(*) from deliveries where received_at >= ? group by 1")
			.param(ts(start))
			.query((rs) -> {
				counts[rs.getInt(1)] = rs.getLong(2);
			});
		Map<String, Object> percentiles = this.jdbc.sql("""
				select count(*) as deliveries,
				  percentile_cont(0.5) within group (order by lateness_ms) as p50,
				  percentile_cont(0.95) within group (order by lateness_ms) as p95
				from deliveries where received_at >= ?
				""").param(ts(start)).query().singleRow();
		List<Long> values = new ArrayList<>();
		for (long count : counts) {
			values.add(count);
		}
		return new Lateness(LATENESS_LABELS, values, ((Number) percentiles.get("deliveries")).longValue(),
				millis(percentiles.get("p50")), millis(percentiles.get("p95")));
	}

	private Connections connections(TimeRange range, Instant start, Instant now) {
		long width = range.bucket().toSeconds();
		List<Instant> buckets = buckets(start, now, width);
		// A bucket without any sample stays null (unknown), not 0 connections.
		List<Long> values = new ArrayList<>(Collections.nCopies(buckets.size(), (Long) null));
		// The last sample of each instance in each bucket, summed over instances.
		this.jdbc.sql("""
				select bucket, sum(connections) from (
				  select distinct on (instance_id, bucket) instance_id, connections,
				    (floor(extract(epoch from sampled_at) / ?) * ?)::bigint as bucket
				  from stream_samples where sampled_at >= ?
				  order by instance_id, bucket, sampled_at desc
				) latest group by bucket
				""").params(width, width, ts(start)).query((rs) -> {
			long index = (rs.getLong(1) - buckets.get(0).getEpochSecond()) / width;
			if (index >= 0 && index < values.size()) {
				values.set((int) index, rs.getLong(2));
			}
		});
		long current = this.jdbc.sql("""
				select coalesce(sum(connections), 0) from (
				  select distinct on (instance_id) connections from stream_samples
				  where sampled_at >= ? order by instance_id, sampled_at desc
				) latest
				""").param(ts(now.minus(SAMPLE_STALE_AFTER))).query(Long.class).single();
		// droppedMessages counts since the instance started; an instance ID lives as long
		// as the instance, so the growth within the range is max - min per instance.
		long dropped = this.jdbc
			.sql("""
					select coalesce(sum(grown), 0) from (
					  select max(dropped) - min(dropped) as grown from stream_samples where sampled_at >= ? group by instance_id
					) per_instance
					""")
			.param(ts(start))
			.query(Long.class)
			.single();
		return new Connections(new TimeSeries(buckets, Map.of("connections", values)), current, dropped);
	}

	private static List<Instant> buckets(Instant start, Instant now, long width) {
		List<Instant> buckets = new ArrayList<>();
		for (long at = Math.floorDiv(start.getEpochSecond(), width) * width; at <= now.getEpochSecond(); at += width) {
			buckets.add(Instant.ofEpochSecond(at));
		}
		return buckets;
	}

	private static void add(long[] values, List<Instant> buckets, long width, long bucketEpoch, long count) {
		if (values == null || buckets.isEmpty()) {
			return;
		}
		long index = (bucketEpoch - buckets.get(0).getEpochSecond()) / width;
		if (index >= 0 && index < values.length) {
			values[(int) index] += count;
		}
	}

	private static Long millis(Object value) {
		return (value != null) ? Math.round(((Number) value).doubleValue()) : null;
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

	/**
	 * The dashboard's data.
	 *
	 * @param timeRange the range shown
	 * @param timestamp when it was computed
	 * @param stats the headline figures ({@code /stats})
	 * @param signalActivity as {@code /signals/activity}
	 * @param userActivity as {@code /users/activity}
	 * @param signalsOverTime signals and responses per bucket
	 * @param activeUsersOverTime users who reported a position, per bucket (at least an
	 * hour)
	 * @param pushOutcomes final push outcomes in the range
	 * @param lateness how late arrivals were recorded after the wavefront reached them
	 * @param connections open WebSocket connections of all instances
	 * @param safety as {@code /safety}, for the dashboard's range (which may be shorter
	 * than the endpoint accepts)
	 * @param operations consumer groups, outbox backlogs, 5xx, dead letters and wave
	 * lateness now (not the range: what needs attention is current)
	 */
	public record View(String timeRange, Instant timestamp, Stats stats, SignalActivity signalActivity,
			UserActivity userActivity, TimeSeries signalsOverTime, TimeSeries activeUsersOverTime,
			PushOutcomes pushOutcomes, Lateness lateness, Connections connections, Safety safety,
			Operations operations) {

	}

	/**
	 * Values per time bucket.
	 *
	 * @param buckets the start of each bucket
	 * @param series named value lists, one value per bucket
	 */
	public record TimeSeries(List<Instant> buckets, Map<String, List<Long>> series) {

		static TimeSeries of(List<Instant> buckets, Map<String, long[]> series) {
			Map<String, List<Long>> lists = new LinkedHashMap<>();
			series.forEach((name, values) -> {
				List<Long> list = new ArrayList<>(values.length);
				for (long value : values) {
					list.add(value);
				}
				lists.put(name, list);
			});
			return new TimeSeries(buckets, lists);
		}

	}

	/**
	 * @param byOutcome count per outcome, every outcome present
	 * @param topReasons the most frequent reasons of pushes that were not sent
	 */
	public record PushOutcomes(Map<String, Long> byOutcome, List<PushReason> topReasons) {

	}

	public record PushReason(String outcome, String reason, long count) {

	}

	/**
	 * @param labels histogram bucket names
	 * @param counts deliveries per bucket
	 * @param deliveries all deliveries in the range
	 * @param p50Ms median lateness, null without deliveries
	 * @param p95Ms 95th percentile, null without deliveries
	 */
	public record Lateness(List<String> labels, List<Long> counts, long deliveries, Long p50Ms, Long p95Ms) {

	}

	/**
	 * @param overTime the sum of each instance's last sample per bucket (null for a
	 * bucket without samples)
	 * @param current the sum of each live instance's latest sample
	 * @param droppedInRange messages dropped for slow clients in the range
	 */
	public record Connections(TimeSeries overTime, long current, long droppedInRange) {

	}

}
