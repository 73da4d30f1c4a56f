package com.bowwow.signal.propagation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pending queue swings between empty and tens of thousands of rows within seconds, so
 * PostgreSQL's statistics for it are usually those of an almost empty table. With them,
 * claiming and delivering half of a 10,000-receiver wave was planned as a nested loop
 * over the whole table per row (12.5 million and 50 million rows compared; seconds each,
 * and half the wave arrived long after it should). These tests recreate those statistics
 * and read the plans PostgreSQL actually ran: the work must stay linear.
 */
class PendingArrivalsPlanTests {

	private static final String SCHEMA = "signal_plan_test";

	private static final String OWNER = "plan-test";

	/** Linear plans compare about nothing here; the quadratic ones compared millions. */
	private static final long AT_MOST_COMPARED = 50_000;

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private static TransactionTemplate transactions;

	@BeforeAll
	static void database() {
		dataSource = EngineSchema.migrated(SCHEMA, 2);
		jdbc = new JdbcTemplate(dataSource);
		transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
	}

	@AfterAll
	static void closeDatabase() {
		dataSource.close();
	}

	@Test
	void claimingAndDeliveringHalfOfALargeWaveStayLinearWithAnEmptyTablesStatistics() {
		jdbc.update("truncate signals cascade");
		UUID signal = UUID.randomUUID();
		jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps)
				values (?, ?, 'signal', now(), now() + interval '1 hour', 16000, 'mile', 1609.344)""", signal,
				UUID.randomUUID());
		// As after a wave has passed: the table's pages hold dead rows and a few live
		// ones when it is analysed; then the next large wave is stored.
		pending(signal, 10_000);
		jdbc.update("delete from pending_arrivals");
		pending(signal, 3);
		jdbc.execute("analyze pending_arrivals");
		jdbc.update("delete from pending_arrivals");
		pending(signal, 10_000);
		Instant now = Instant.now().plusSeconds(60);
		Object[] claim = { Timestamp.from(now), Timestamp.from(now), 5_000, OWNER,
				Timestamp.from(now.plus(Duration.ofMinutes(5))) };

		assertThat(comparedByJoins(false, PendingArrivals.CLAIM, claim)).isLessThan(AT_MOST_COMPARED);

		PendingArrivals pending = new PendingArrivals(JdbcClient.create(jdbc));
		List<Arrival> claimed = pending.claim(OWNER, now, now, now.plus(Duration.ofMinutes(5)), 5_000);
		assertThat(claimed).hasSize(5_000);
		Object[] deliver = { claimed.stream().map(Arrival::signalId).toArray(UUID[]::new),
				claimed.stream().map((arrival) -> arrival.receiverId().value()).toArray(UUID[]::new), OWNER,
				Timestamp.from(now) };
		assertThat(comparedByJoins(true, PendingArrivals.DELIVER, deliver)).isLessThan(AT_MOST_COMPARED);

		String nestedLoops = transactions.execute((status) -> {
			assertThat(pending.deliver(OWNER, claimed, now)).hasSize(5_000);
			return jdbc.queryForObject("show enable_nestloop", String.class);
		});
		assertThat(nestedLoops).as("deliver() plans its joins without nested loops").isEqualTo("off");
		assertThat(jdbc.queryForObject("select count(*) from pending_arrivals", Long.class)).isEqualTo(5_000);
	}

	private static void pending(UUID signal, int count) {
		jdbc.update("""
				insert into pending_arrivals (signal_id, receiver_id, due_at, distance_m, direction)
				select ?, gen_random_uuid(), now() + (g || ' milliseconds')::interval, g, 'N'
				from generate_series(1, ?) g""", signal, count);
	}

	/**
	 * Runs the statement under EXPLAIN ANALYZE in a transaction that is rolled back, and
	 * returns how many rows its join filters compared and threw away.
	 */
	private static long comparedByJoins(boolean withoutNestedLoops, String sql, Object[] params) {
		String plan = transactions.execute((status) -> {
			status.setRollbackOnly();
			if (withoutNestedLoops) {
				jdbc.execute(PendingArrivals.NO_NESTED_LOOPS);
			}
			return jdbc.queryForObject("explain (analyze, format json) " + sql, String.class, params);
		});
		return removedByJoinFilters(JsonMapper.builder().build().readTree(plan).get(0).get("Plan"));
	}

	private static long removedByJoinFilters(JsonNode node) {
		long removed = node.path("Rows Removed by Join Filter").asLong(0);
		for (JsonNode child : node.path("Plans")) {
			removed += removedByJoinFilters(child);
		}
		return removed;
	}

}
