package com.bowwow.signal.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.bowwow.common.events.EventSchema;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Wave.Candidate;
import com.bowwow.testsupport.TestInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How precisely waves arrive: plans waves of N receivers (default 10,000) in a metro-like
 * spread (dense core, sparse edge, out to 10 miles), stores them as a send would, runs
 * the propagation engine on several simulated instances against the real PostgreSQL, and
 * prints the distribution of arrival lateness (commit time minus
 * {@code sentAt + d/speed}), plus lost and duplicate deliveries. Figures, not assertions:
 * read the report.
 *
 * <pre>
 * ./mvnw -B -q test-compile exec:java -pl signal-service -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.bowwow.signal.propagation.WaveBenchmark -Dexec.args="10000 2 3"
 * </pre>
 *
 * Arguments: receivers per wave, engine instances, waves. The database comes from
 * test-support (BOWWOW_TEST_POSTGRES_URL, Docker, or embedded).
 */
public final class WaveBenchmark {

	private static final double MILE = 1609.344;

	private static final Coordinates ORIGIN = Coordinates.of(37.7880, -122.4075);

	private WaveBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int receivers = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int instances = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		int waves = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		TestInfrastructure infrastructure = TestInfrastructure.get();
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl(infrastructure.jdbcUrl() + "?currentSchema=signal_bench");
			dataSource.setUsername(infrastructure.username());
			dataSource.setPassword(infrastructure.password());
			dataSource.setMaximumPoolSize(4 * instances + 2);
			Flyway.configure()
				.dataSource(dataSource)
				.locations("classpath:db/migration", EventSchema.OUTBOX, EventSchema.CONSUMER_POSITIONS,
						"classpath:db/user-projection")
				.schemas("signal_bench")
				.createSchemas(true)
				.load()
				.migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
			PropagationProperties properties = new PropagationProperties(1.0, Duration.ofSeconds(2),
					Duration.ofSeconds(10), Duration.ofMillis(200), 5000, Duration.ofMillis(500),
					Duration.ofMillis(100), Duration.ofMillis(5));

			Histogram lateness = new ConcurrentHistogram(3);
			AtomicLong observed = new AtomicLong();
			ArrivalObserver recorder = (receipts, committedAt) -> {
				for (Receipt receipt : receipts) {
					long micros = Duration.between(receipt.dueAt(), committedAt).toNanos() / 1000;
					lateness.recordValue(Math.max(0, micros));
				}
				observed.addAndGet(receipts.size());
			};
			List<PropagationEngine> engines = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				PropagationEngine engine = new PropagationEngine(new PendingArrivals(JdbcClient.create(jdbc)),
						properties, ArrivalGuard.NONE, ArrivalNotices.NONE, List.of(), List.of(recorder), transactions,
						Clock.systemUTC(), PropagationEngine.newOwnerId());
				engine.start();
				engines.add(engine);
			}
			WaveStore store = new WaveStore(JdbcClient.create(jdbc), new Signals(JdbcClient.create(jdbc)));
			Random random = new Random(42);
			long planned = 0;
			System.out.printf("Wave benchmark: %,d receivers per wave, %d engine instance(s), %d wave(s)%n", receivers,
					instances, waves);
			for (int w = 1; w <= waves; w++) {
				jdbc.update("truncate signals cascade");
				lateness.reset();
				observed.set(0);
				Instant accepted = Instant.now();
				Instant departs = accepted.plus(properties.launchLead());
				Wave wave = new Wave(UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, null, ORIGIN, departs,
						departs.plusSeconds(600), 10 * MILE, DistanceUnit.MILE, properties.speedMetersPerSecond());
				List<Arrival> arrivals = wave.plan(metro(random, receivers));
				long storeStart = System.nanoTime();
				transactions
					.executeWithoutResult((status) -> store.start(wave, arrivals, PropagationEngine.StartLease.NONE));
				long storeMillis = (System.nanoTime() - storeStart) / 1_000_000;
				engines.forEach(PropagationEngine::wakeUp);
				planned += arrivals.size();
				Instant deadline = departs.plusSeconds(25);
				while (observed.get() < arrivals.size() && Instant.now().isBefore(deadline)) {
					Thread.sleep(100);
				}
				long receipts = jdbc.queryForObject("select count(*) from receipts", Long.class);
				System.out.printf(
						"wave %d: stored %,d arrivals in %d ms (launch lead %d ms); delivered %,d, lost %,d, duplicate announcements %,d%n",
						w, arrivals.size(), storeMillis, properties.launchLead().toMillis(), receipts,
						arrivals.size() - receipts, observed.get() - receipts);
				System.out.printf(
						"  lateness ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%,d arrivals over %.1f s)%n",
						ms(lateness, 50), ms(lateness, 90), ms(lateness, 99), ms(lateness, 99.9),
						lateness.getMaxValue() / 1000.0, lateness.getTotalCount(),
						Duration.between(departs, arrivals.get(arrivals.size() - 1).dueAt()).toMillis() / 1000.0);
			}
			engines.forEach(PropagationEngine::stop);
			System.out.printf("total planned %,d%n", planned);
		}
		System.exit(0);
	}

	/** 60 % within 2 miles of the centre, the rest spread out to 10 miles. */
	private static List<Candidate> metro(Random random, int count) {
		List<Candidate> candidates = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			double miles = (random.nextDouble() < 0.6) ? 2 * Math.sqrt(random.nextDouble())
					: 2 + 8 * Math.sqrt(random.nextDouble());
			double bearing = random.nextDouble() * 2 * Math.PI;
			double degrees = miles * MILE / 111_195.0;
			candidates.add(new Candidate(UserId.random(), Coordinates.of(
					ORIGIN.latitude() + degrees * Math.cos(bearing),
					ORIGIN.longitude() + degrees * Math.sin(bearing) / Math.cos(Math.toRadians(ORIGIN.latitude())))));
		}
		return candidates;
	}

	private static double ms(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

}
