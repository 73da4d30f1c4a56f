package com.bowwow.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.ReportReason;
import com.bowwow.user.api.UserDeleted;
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
 * {@code GET /api/v1/analytics/safety}: reports, blocks and suspensions fed through Redis
 * Streams as user-service publishes them, duplicates and disorder included (see
 * {@link SafetyScenario}), and what analytics-service must not keep.
 */
@AnalyticsServiceTest
class SafetyTests {

	private static final String SAFETY = "/api/v1/analytics/safety";

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	AnalyticsApi api;

	SafetyScenario scenario;

	EventFeed feed;

	@BeforeEach
	void feed() {
		EventFeed.clear(this.jdbc);
		this.api = new AnalyticsApi(this.port);
		this.scenario = new SafetyScenario();
		this.feed = new EventFeed(this.redis, this.json);
		this.scenario.publish(this.feed);
		this.feed.awaitConsumed();
	}

	@Test
	void figuresPerRange() throws Exception {
		Map<String, Object> day = this.api.operatorGet(SAFETY + "?range=24h");
		assertThat(day).containsOnlyKeys("timeRange", "reportsByReason", "totalReports", "mostReported",
				"activeSuspensions", "blocks", "timestamp");
		assertThat(day).containsEntry("timeRange", "24h")
			.containsEntry("totalReports", 6)
			.containsEntry("activeSuspensions", 2)
			.containsEntry("blocks", 2);
		assertThat(day.get("reportsByReason")).isEqualTo(reasons(3, 2, 1, 0));
		// G and H were reported but are deleted: counted above, never named
		assertThat(day.get("mostReported"))
			.isEqualTo(List.of(reported(this.scenario.v1, 3), reported(this.scenario.v2, 1)));
		assertThat((String) day.get("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

		Map<String, Object> week = this.api.operatorGet(SAFETY + "?range=7d");
		assertThat(week).containsEntry("timeRange", "7d")
			.containsEntry("totalReports", 7)
			.containsEntry("activeSuspensions", 2)
			.containsEntry("blocks", 3);
		assertThat(week.get("reportsByReason")).isEqualTo(reasons(3, 2, 1, 1));
		assertThat(week.get("mostReported"))
			.isEqualTo(List.of(reported(this.scenario.v1, 3), reported(this.scenario.v2, 2)));

		Map<String, Object> month = this.api.operatorGet(SAFETY + "?range=30d");
		assertThat(month).containsEntry("totalReports", 8).containsEntry("blocks", 4);
		assertThat(month.get("reportsByReason")).isEqualTo(reasons(4, 2, 1, 1));
		assertThat(month.get("mostReported")).isEqualTo(
				List.of(reported(this.scenario.v1, 3), reported(this.scenario.v2, 2), reported(this.scenario.v3, 1)));
	}

	@Test
	void missingRangeMeans24Hours() throws Exception {
		assertThat(this.api.operatorGet(SAFETY)).containsEntry("timeRange", "24h").containsEntry("totalReports", 6);
	}

	@Test
	void replayingEveryEventChangesNothing() throws Exception {
		Map<?, ?> before = withoutTimestamp(this.api.operatorGet(SAFETY + "?range=30d"));
		EventFeed again = new EventFeed(this.redis, this.json);
		this.feed.replayInto(again);
		again.awaitConsumed();
		assertThat(withoutTimestamp(this.api.operatorGet(SAFETY + "?range=30d"))).isEqualTo(before);
	}

	@Test
	void deletingAReportedUserTakesThemOffTheListButKeepsTheCounts() throws Exception {
		EventFeed deletion = new EventFeed(this.redis, this.json);
		SafetyScenario.publish(deletion, UserDeleted.of(this.scenario.v1, this.scenario.now));
		deletion.awaitConsumed();

		Map<String, Object> day = this.api.operatorGet(SAFETY + "?range=24h");
		assertThat(day.get("mostReported")).isEqualTo(List.of(reported(this.scenario.v2, 1)));
		assertThat(day).containsEntry("totalReports", 6);
		assertThat(day.get("reportsByReason")).isEqualTo(reasons(3, 2, 1, 0));
		// Nothing names them any more, not even a report filed about them later on.
		EventFeed late = new EventFeed(this.redis, this.json);
		SafetyScenario.publish(late, ReportFiled.of(UserId.random(), UUID.randomUUID(), this.scenario.v1,
				ReportReason.SPAM, this.scenario.minutesAgo(1)));
		late.awaitConsumed();
		assertThat(this.jdbc.queryForObject("select count(*) from reports where reported_user_id = ?", Long.class,
				this.scenario.v1.value()))
			.isZero();
		assertThat(this.api.operatorGet(SAFETY + "?range=24h")).containsEntry("totalReports", 7);
		assertThat(this.api.operatorGet("/api/v1/analytics/dashboard/data?range=30d").toString())
			.doesNotContain(this.scenario.v1.toString());
	}

	@Test
	void deletingASuspendedUserEndsTheirSuspensionInTheCount() throws Exception {
		EventFeed deletion = new EventFeed(this.redis, this.json);
		SafetyScenario.publish(deletion, UserDeleted.of(this.scenario.x, this.scenario.now));
		deletion.awaitConsumed();
		assertThat(this.api.operatorGet(SAFETY + "?range=24h")).containsEntry("activeSuspensions", 1);
	}

	@Test
	void keepsNoReporterNoteOrReasonText() {
		List<String> dump = new ArrayList<>();
		for (String table : this.jdbc.queryForList(
				"select table_name from information_schema.tables where table_schema = current_schema() and table_name <> 'flyway_schema_history'",
				String.class)) {
			dump.addAll(this.jdbc.queryForList("select t::text from " + table + " t", String.class));
		}
		String everything = String.join("\n", dump);
		assertThat(everything).contains(this.scenario.v1.toString());
		this.scenario.reporters.forEach((reporter) -> assertThat(everything).doesNotContain(reporter.toString()));
		assertThat(everything).doesNotContain(SafetyScenario.SUSPENSION_REASON);
	}

	@Test
	void mostReportedListsTheTenMostReportedFirstThenByUserId() throws Exception {
		EventFeed.clear(this.jdbc);
		EventFeed many = new EventFeed(this.redis, this.json);
		List<UserId> users = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			users.add(UserId.random());
		}
		// users 0..9 get 12..3 reports; 10 and 11 get 1 each (a tie, both off the list)
		List<Map<String, Object>> expected = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			int reports = (i < 10) ? 12 - i : 1;
			for (int n = 0; n < reports; n++) {
				SafetyScenario.publish(many, ReportFiled.of(UserId.random(), UUID.randomUUID(), users.get(i),
						ReportReason.OTHER, this.scenario.minutesAgo(n + 1)));
			}
			if (i < 10) {
				expected.add(reported(users.get(i), reports));
			}
		}
		// a tie at the top is ordered by user ID
		UserId tied = UserId.random();
		for (int n = 0; n < 12; n++) {
			SafetyScenario.publish(many, ReportFiled.of(UserId.random(), UUID.randomUUID(), tied, ReportReason.SPAM,
					this.scenario.minutesAgo(n + 1)));
		}
		many.awaitConsumed();
		expected.add((users.get(0).toString().compareTo(tied.toString()) < 0) ? 1 : 0, reported(tied, 12));
		expected.remove(10);

		Map<String, Object> day = this.api.operatorGet(SAFETY + "?range=24h");
		assertThat(day.get("mostReported")).isEqualTo(expected);
		assertThat(day).containsEntry("totalReports", 12 + 11 + 10 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 1 + 1 + 12);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1h", "6h", "", "24H", "week", "24h%00", "7d;drop" })
	void anyOtherRangeIs400ListingTheAllowedValues(String range) throws Exception {
		var response = this.api.get(SAFETY + "?range=" + range, AnalyticsServiceTest.OPERATOR_TOKEN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		Map<String, Object> problem = this.api.read(response);
		assertThat(problem.get("code")).isEqualTo("INVALID_PARAMETER");
		assertThat(problem.get("allowedValues")).isEqualTo(List.of("24h", "7d", "30d"));
	}

	@Test
	void onlyTheOperatorMayAsk() throws Exception {
		assertThat(this.api.get(SAFETY, null).statusCode()).isEqualTo(401);
		assertThat(this.api.get(SAFETY, TestTokens.bearer(UserId.random())).statusCode()).isEqualTo(401);
		// not even the most-reported user about themself
		assertThat(this.api.get(SAFETY, TestTokens.bearer(this.scenario.v1)).statusCode()).isEqualTo(401);
		assertThat(this.api.get(SAFETY, "not-the-operator-token").statusCode()).isEqualTo(401);
	}

	@Test
	void theDashboardDataCarriesTheSafetyFiguresForItsRange() throws Exception {
		Map<?, ?> safety = (Map<?, ?>) this.api.operatorGet("/api/v1/analytics/dashboard/data?range=1h").get("safety");
		// spam -10m, -20m, -5m (H); X suspended, P suspended; no block in the last hour
		assertThat(safety.get("timeRange")).isEqualTo("1h");
		assertThat(safety.get("reportsByReason")).isEqualTo(reasons(3, 0, 0, 0));
		assertThat(safety.get("mostReported")).isEqualTo(List.of(reported(this.scenario.v1, 2)));
		assertThat(safety.get("activeSuspensions")).isEqualTo(2);
		assertThat(safety.get("blocks")).isEqualTo(0);
	}

	private static Map<String, Integer> reasons(int spam, int harassment, int inappropriate, int other) {
		Map<String, Integer> reasons = new LinkedHashMap<>();
		reasons.put("spam", spam);
		reasons.put("harassment", harassment);
		reasons.put("inappropriate", inappropriate);
		reasons.put("other", other);
		return reasons;
	}

	private static Map<String, Object> reported(UserId user, int reports) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("userID", user.toString());
		entry.put("reports", reports);
		return entry;
	}

	private static Map<?, ?> withoutTimestamp(Map<?, ?> figures) {
		Map<Object, Object> copy = new LinkedHashMap<>(figures);
		copy.remove("timestamp");
		copy.replaceAll((key, value) -> (value instanceof Map<?, ?> nested) ? withoutTimestamp(nested) : value);
		return copy;
	}

}
