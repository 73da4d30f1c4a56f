package com.bowwow.analytics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's figures, computed from events fed through Redis Streams exactly as the
 * other services publish them, duplicates and disorder included (see {@link Scenario}).
 */
@AnalyticsServiceTest
class FiguresTests {

	private static final String RFC3339_SECONDS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	AnalyticsApi api;

	Scenario scenario;

	EventFeed feed;

	@BeforeEach
	void feed() {
		EventFeed.clear(this.jdbc);
		this.api = new AnalyticsApi(this.port);
		this.scenario = new Scenario();
		this.feed = new EventFeed(this.redis, this.json);
		this.scenario.publish(this.feed);
		this.feed.awaitConsumed();
	}

	@Test
	void stats() throws Exception {
		Map<String, Object> stats = this.api.operatorGet("/api/v1/analytics/stats");
		assertThat(stats).containsOnlyKeys("totalUsers", "activeUsers", "totalSignals", "activeSignals", "timestamp");
		// A B C E (D and F are deleted); active in 24 h: A B D E; S1..S5 (R1 is a
		// response); active: S2 only.
		assertThat(stats).containsEntry("totalUsers", 4)
			.containsEntry("activeUsers", 4)
			.containsEntry("totalSignals", 5)
			.containsEntry("activeSignals", 1);
		assertThat((String) stats.get("timestamp")).matches(RFC3339_SECONDS);
	}

	@Test
	void signalActivityPerRange() throws Exception {
		Map<String, Object> day = this.api.operatorGet("/api/v1/analytics/signals/activity?range=24h");
		assertThat(day).containsOnlyKeys("timeRange", "signalsByHour", "signalsByDistance", "totalSignals",
				"timestamp");
		assertThat(day).containsEntry("timeRange", "24h").containsEntry("totalSignals", 4);
		assertThat(day.get("signalsByDistance")).isEqualTo(bands(1, 0, 1, 2, 0));
		assertThat(asLongs(day.get("signalsByHour"))).isEqualTo(this.scenario.signalsByHourSince(Duration.ofHours(24)));
		assertThat((String) day.get("timestamp")).matches(RFC3339_SECONDS);

		Map<String, Object> hour = this.api.operatorGet("/api/v1/analytics/signals/activity?range=1h");
		assertThat(hour).containsEntry("timeRange", "1h").containsEntry("totalSignals", 2);
		assertThat(hour.get("signalsByDistance")).isEqualTo(bands(1, 0, 0, 1, 0));
		assertThat(asLongs(hour.get("signalsByHour"))).isEqualTo(this.scenario.signalsByHourSince(Duration.ofHours(1)));

		Map<String, Object> week = this.api.operatorGet("/api/v1/analytics/signals/activity?range=7d");
		assertThat(week).containsEntry("totalSignals", 5);
		assertThat(week.get("signalsByDistance")).isEqualTo(bands(1, 1, 1, 2, 0));
	}

	@Test
	void userActivityPerRange() throws Exception {
		Map<String, Object> day = this.api.operatorGet("/api/v1/analytics/users/activity?range=24h");
		assertThat(day).containsOnlyKeys("timeRange", "activeUsers", "signalSenders", "signalReceivers",
				"engagementRate", "timestamp");
		// active A B D E; senders A B E; receivers B E (S1) and A (S5): 3 of 4 engaged
		assertThat(day).containsEntry("timeRange", "24h")
			.containsEntry("activeUsers", 4)
			.containsEntry("signalSenders", 3)
			.containsEntry("signalReceivers", 3)
			.containsEntry("engagementRate", 75.0);
		// active A D E; sender A; receivers B E: A and E of 3
		assertThat(this.api.operatorGet("/api/v1/analytics/users/activity?range=1h")).containsEntry("activeUsers", 3)
			.containsEntry("signalSenders", 1)
			.containsEntry("signalReceivers", 2)
			.containsEntry("engagementRate", 66.7);
		// C (30 h ago) and D's receipt of S3 (2 days ago) join
		assertThat(this.api.operatorGet("/api/v1/analytics/users/activity?range=7d")).containsEntry("activeUsers", 5)
			.containsEntry("signalSenders", 4)
			.containsEntry("signalReceivers", 4)
			.containsEntry("engagementRate", 100.0);
	}

	@Test
	void aDeletedUserIsNamedOnlyByTheirTombstoneAndStillCounted() {
		// D reported a position and received a signal; F registered after its deletion
		// arrived. Their activity stays in the figures (stats() and
		// userActivityPerRange()),
		// under pseudonyms.
		for (var deleted : java.util.List.of(this.scenario.d, this.scenario.f)) {
			Object id = deleted.value();
			assertThat(this.jdbc.queryForObject("select count(*) from user_activity where user_id = ?", Long.class, id))
				.isZero();
			assertThat(this.jdbc.queryForObject("select count(*) from signals where sender_id = ?", Long.class, id))
				.isZero();
			assertThat(
					this.jdbc.queryForObject("select count(*) from deliveries where receiver_id = ?", Long.class, id))
				.isZero();
			assertThat(this.jdbc.queryForMap("select registered_at, deleted_at from users where user_id = ?", id))
				.satisfies((tombstone) -> {
					assertThat(tombstone.get("registered_at")).isNull();
					assertThat(tombstone.get("deleted_at")).isNotNull();
				});
		}
		assertThat(this.jdbc.queryForObject("select count(*) from deliveries", Long.class)).isPositive();
	}

	@Test
	void replayingEveryEventChangesNothing() throws Exception {
		Map<?, ?> stats = withoutTimestamp(this.api.operatorGet("/api/v1/analytics/stats"));
		Map<?, ?> signals = withoutTimestamp(this.api.operatorGet("/api/v1/analytics/signals/activity?range=30d"));
		Map<?, ?> users = withoutTimestamp(this.api.operatorGet("/api/v1/analytics/users/activity?range=30d"));
		Map<?, ?> dashboard = dashboardFigures();
		Long rows = this.jdbc.queryForObject(
				"select (select count(*) from signals) + (select count(*) from deliveries) + (select sum(count) from push_outcomes)"
						+ " + (select count(*) from stream_samples) + (select count(*) from user_activity)",
				Long.class);

		EventFeed again = new EventFeed(this.redis, this.json);
		this.feed.replayInto(again);
		again.awaitConsumed();

		assertThat(withoutTimestamp(this.api.operatorGet("/api/v1/analytics/stats"))).isEqualTo(stats);
		assertThat(withoutTimestamp(this.api.operatorGet("/api/v1/analytics/signals/activity?range=30d")))
			.isEqualTo(signals);
		assertThat(withoutTimestamp(this.api.operatorGet("/api/v1/analytics/users/activity?range=30d")))
			.isEqualTo(users);
		assertThat(dashboardFigures()).isEqualTo(dashboard);
		assertThat(this.jdbc.queryForObject(
				"select (select count(*) from signals) + (select count(*) from deliveries) + (select sum(count) from push_outcomes)"
						+ " + (select count(*) from stream_samples) + (select count(*) from user_activity)",
				Long.class))
			.isEqualTo(rows);
	}

	@Test
	void dashboardDataCoversEveryChart() throws Exception {
		Map<String, Object> data = this.api.operatorGet("/api/v1/analytics/dashboard/data?range=24h");
		assertThat(data.get("timeRange")).isEqualTo("24h");
		Map<?, ?> push = (Map<?, ?>) data.get("pushOutcomes");
		assertThat(push.get("byOutcome")).isEqualTo(Map.of("SENT", 2, "REJECTED", 1, "DEAD_LETTERED", 0, "SKIPPED", 1));
		assertThat((List<?>) push.get("topReasons")).hasSize(2);
		Map<?, ?> lateness = (Map<?, ?>) data.get("lateness");
		// 0 s, 1 s, 3 s, 7 s (S3's 12 s is older than 24 h)
		assertThat(lateness.get("counts")).isEqualTo(List.of(1, 0, 0, 0, 1, 1, 1, 0, 0));
		assertThat(lateness.get("deliveries")).isEqualTo(4);
		Map<?, ?> connections = (Map<?, ?>) data.get("connections");
		// latest of location-1 (5) and location-2 (2); location-1 dropped 2 more in range
		assertThat(connections.get("current")).isEqualTo(7);
		assertThat(connections.get("droppedInRange")).isEqualTo(2);
		Map<?, ?> signalsOverTime = (Map<?, ?>) data.get("signalsOverTime");
		Map<?, ?> series = (Map<?, ?>) signalsOverTime.get("series");
		assertThat(sum(series.get("signal"))).isEqualTo(4);
		assertThat(sum(series.get("response"))).isEqualTo(1);
		assertThat((List<?>) signalsOverTime.get("buckets")).hasSize(((List<?>) series.get("signal")).size());
		Map<?, ?> activeUsers = (Map<?, ?>) ((Map<?, ?>) data.get("activeUsersOverTime")).get("series");
		assertThat(sum(activeUsers.get("activeUsers"))).isGreaterThanOrEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/analytics/signals/activity?range=2h", "/api/v1/analytics/users/activity?range=",
			"/api/v1/analytics/users/activity?range=24H", "/api/v1/analytics/dashboard/data?range=week" })
	void invalidRangeIs400ListingTheAllowedValues(String path) throws Exception {
		var response = this.api.get(path, AnalyticsServiceTest.OPERATOR_TOKEN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> problem = this.api.read(response);
		assertThat(problem.get("code")).isEqualTo("INVALID_PARAMETER");
		assertThat(problem.get("allowedValues")).isEqualTo(List.of("1h", "6h", "24h", "7d", "30d"));
		assertThat((String) problem.get("detail")).contains("1h, 6h, 24h, 7d, 30d");
	}

	@Test
	void missingRangeMeans24Hours() throws Exception {
		assertThat(this.api.operatorGet("/api/v1/analytics/signals/activity")).containsEntry("timeRange", "24h")
			.containsEntry("totalSignals", 4);
		assertThat(this.api.operatorGet("/api/v1/analytics/users/activity")).containsEntry("timeRange", "24h");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/analytics/stats", "/api/v1/analytics/signals/activity?range=24h",
			"/api/v1/analytics/users/activity?range=24h", "/api/v1/analytics/dashboard/data?range=24h" })
	void onlyTheOperatorMayAsk(String path) throws Exception {
		assertThat(this.api.get(path, null).statusCode()).isEqualTo(401);
		assertThat(this.api.get(path, TestTokens.bearer(UserId.random())).statusCode()).isEqualTo(401);
		assertThat(this.api.get(path, "not-the-operator-token").statusCode()).isEqualTo(401);
		assertThat(this.api.get(path, AnalyticsServiceTest.OPERATOR_TOKEN).statusCode()).isEqualTo(200);
	}

	private Map<?, ?> dashboardFigures() throws Exception {
		Map<String, Object> data = new LinkedHashMap<>(
				this.api.operatorGet("/api/v1/analytics/dashboard/data?range=30d"));
		data.remove("timestamp");
		data.remove("stats");
		data.remove("signalActivity");
		data.remove("userActivity");
		// live state read now (stream lengths grow with the replay), not figures from
		// events
		data.remove("operations");
		return withoutTimestamp(data);
	}

	private static Map<String, Integer> bands(int zeroToTwo, int threeToFive, int sixToEight, int nineToTen,
			int overTen) {
		Map<String, Integer> bands = new LinkedHashMap<>();
		bands.put("0-2", zeroToTwo);
		bands.put("3-5", threeToFive);
		bands.put("6-8", sixToEight);
		bands.put("9-10", nineToTen);
		bands.put("10+", overTen);
		return bands;
	}

	private static Map<String, Long> asLongs(Object map) {
		Map<String, Long> result = new java.util.TreeMap<>();
		((Map<?, ?>) map).forEach((key, value) -> result.put((String) key, ((Number) value).longValue()));
		return result;
	}

	private static long sum(Object values) {
		return ((List<?>) values).stream().mapToLong((value) -> ((Number) value).longValue()).sum();
	}

	/** The figures without the time they were read at, at any depth. */
	private static Map<?, ?> withoutTimestamp(Map<?, ?> figures) {
		Map<Object, Object> copy = new LinkedHashMap<>(figures);
		copy.remove("timestamp");
		copy.replaceAll((key, value) -> (value instanceof Map<?, ?> nested) ? withoutTimestamp(nested) : value);
		return copy;
	}

}
