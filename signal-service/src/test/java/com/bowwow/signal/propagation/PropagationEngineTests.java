package com.bowwow.signal.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Wave.Candidate;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine against a real PostgreSQL: several instances sharing one queue, crashes,
 * stalls and clean stops. Timing here is only checked for order (never early) and
 * liveness; how precise arrivals are is measured by the benchmark, not asserted in tests.
 */
class PropagationEngineTests {

	private static final Coordinates ORIGIN = Coordinates.of(37.7880, -122.4075);

	private static final double MILE = 1609.344;

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	private final List<PropagationEngine> engines = new ArrayList<>();

	/**
	 * A schema of its own: the Spring context of other test classes in this JVM runs an
	 * engine on the service's schema, and it would take these arrivals.
	 */
	private static final String SCHEMA = "signal_engine_test";

	@BeforeAll
	static void database() {
		dataSource = EngineSchema.migrated(SCHEMA, 8);
		jdbc = new JdbcTemplate(dataSource);
	}

	@AfterAll
	static void closeDatabase() {
		dataSource.close();
	}

	@BeforeEach
	void emptyTables() {
		jdbc.update("truncate signals cascade");
	}

	@AfterEach
	void stopEngines() {
		this.engines.forEach(PropagationEngine::stop);
	}

	@Test
	void deliversEveryArrivalOnceAndNeverEarly() {
		RecordingObserver observer = new RecordingObserver();
		engine(observer, defaults()).start();
		startWave(Instant.now().plusMillis(300), 300, 1.5);

		eventually(() -> observer.receipts.size() == 300, Duration.ofSeconds(20));
		assertThat(count("receipts")).isEqualTo(300);
		assertThat(count("pending_arrivals")).isZero();
		assertThat(jdbc.queryForObject("select count(*) from receipts where received_at < due_at", Long.class))
			.as("receipts recorded before the wavefront arrived")
			.isZero();
	}

	@Test
	void streamsAreToldAtTheMomentBeforeTheReceiptsCommitAndNeverEarly() {
		ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
		AtomicInteger told = new AtomicInteger();
		ArrivalNotices notices = (arrivals) -> {
			Instant now = Instant.now();
			for (Arrival arrival : arrivals) {
				if (now.isBefore(arrival.dueAt())) {
					problems.add("told early: " + arrival);
				}
				// the receipt is written after the notice, never before it
				if (jdbc.queryForObject("select count(*) from receipts where signal_id = ? and receiver_id = ?",
						Long.class, arrival.signalId(), arrival.receiverId().value()) > 0) {
					problems.add("receipt before the notice: " + arrival);
				}
				told.incrementAndGet();
			}
		};
		RecordingObserver observer = new RecordingObserver();
		engine(observer, defaults(), ArrivalGuard.NONE, notices).start();
		startWave(Instant.now().plusMillis(300), 100, 0.5);

		eventually(() -> observer.receipts.size() == 100, Duration.ofSeconds(20));
		assertThat(told.get()).isEqualTo(100);
		assertThat(problems).isEmpty();
	}

	@Test
	void batchesToldWhileReceiptsCommitAreWrittenTogetherInTheNextCommit() throws Exception {
		AtomicInteger told = new AtomicInteger();
		ArrivalNotices notices = (arrivals) -> told.addAndGet(arrivals.size());
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		ConcurrentLinkedQueue<Integer> commits = new ConcurrentLinkedQueue<>();
		// The first commit is held until every arrival has been told.
		ArrivalEffect slowFirstCommit = (receipts) -> {
			if (commits.isEmpty()) {
				try {
					release.await(20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			commits.add(receipts.size());
		};
		RecordingObserver observer = new RecordingObserver();
		engine(observer, defaults(), ArrivalGuard.NONE, notices, List.of(slowFirstCommit)).start();
		startWave(Instant.now().plusMillis(300), 100, 0.5);

		eventually(() -> told.get() == 100, Duration.ofSeconds(20));
		release.countDown();
		eventually(() -> observer.receipts.size() == 100, Duration.ofSeconds(20));
		assertThat(commits).as("the first commit, then one for everything told meanwhile").hasSize(2);
		assertThat(commits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
		assertThat(count("receipts")).isEqualTo(100);
	}

	/**
	 * 500 receivers over half a mile fall due one per millisecond: the dispatcher gathers
	 * those due within 5 ms of each other into one batch (one safety check, one notice
	 * script, one settings read) instead of paying for a batch per arrival, and still
	 * tells nobody early.
	 */
	@Test
	void arrivalsDueWithinTheGatherWindowGoOutTogetherAndNeverEarly() {
		ConcurrentLinkedQueue<Integer> batches = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> early = new ConcurrentLinkedQueue<>();
		ArrivalNotices notices = (arrivals) -> {
			Instant now = Instant.now();
			arrivals.stream()
				.filter((arrival) -> now.isBefore(arrival.dueAt()))
				.forEach((a) -> early.add(a.toString()));
			batches.add(arrivals.size());
		};
		RecordingObserver observer = new RecordingObserver();
		engine(observer, defaults(), ArrivalGuard.NONE, notices).start();
		startWave(Instant.now().plusMillis(300), 500, 0.5);

		eventually(() -> observer.receipts.size() == 500, Duration.ofSeconds(20));
		assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
		assertThat(batches).as("batches for 500 arrivals one millisecond apart").hasSizeLessThanOrEqualTo(500 / 3);
		assertThat(early).isEmpty();
	}

	@Test
	void aWaveCostsACommitPerLingerNotPerDispatch() {
		AtomicInteger dispatches = new AtomicInteger();
		ArrivalNotices notices = (arrivals) -> dispatches.incrementAndGet();
		ConcurrentLinkedQueue<Integer> commits = new ConcurrentLinkedQueue<>();
		RecordingObserver observer = new RecordingObserver();
		// 200 receivers over a mile: the front travels for a second, receipts linger 50
		// ms
		engine(observer, defaults(), ArrivalGuard.NONE, notices, List.of((receipts) -> commits.add(receipts.size())))
			.start();
		startWave(Instant.now().plusMillis(300), 200, 1.0);

		eventually(() -> observer.receipts.size() == 200, Duration.ofSeconds(20));
		assertThat(commits.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
		// about one per 50 ms of the second's travel, however many dispatches there were
		assertThat(commits).hasSizeLessThanOrEqualTo(30);
		assertThat(dispatches.get()).isGreaterThan(commits.size());
	}

	@Test
	void aStartingWavesSoonestArrivalsAreStoredLeasedAndHeldFromTheCommitWithoutAClaim() {
		// A minute's lease: a leased row is never claimed before it lapses, so only the
		// hand-over at the commit can deliver these within the test's wait.
		PropagationProperties longLease = new PropagationProperties(1.0, Duration.ofSeconds(2), Duration.ofMinutes(1),
				Duration.ofMillis(100), 5000, Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(5));
		RecordingObserver observer = new RecordingObserver();
		PropagationEngine engine = engine(observer, longLease);
		engine.start();
		PropagationEngine.StartLease lease = engine.leaseForStart();
		assertThat(lease.owner()).isEqualTo(engine.owner());
		// 30 receivers within half a mile (due within 0.5 s), 10 from 3 to 4 miles (due
		// after the two seconds' lookahead)
		Wave wave = new Wave(UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, null, ORIGIN, Instant.now(),
				Instant.now().plusSeconds(600), 10 * MILE, DistanceUnit.MILE, MILE);
		List<Candidate> candidates = new ArrayList<>(spreadOut(30, 0.0, 0.5));
		candidates.addAll(spreadOut(10, 3.0, 4.0));
		List<Arrival> arrivals = wave.plan(candidates);
		new TransactionTemplate(new JdbcTransactionManager(dataSource)).executeWithoutResult(
				(status) -> new WaveStore(JdbcClient.create(jdbc), new Signals(JdbcClient.create(jdbc))).start(wave,
						arrivals, lease));
		assertThat(jdbc.queryForObject(
				"select count(*) from pending_arrivals where lease_owner = ? and due_at <= ? and lease_until = ?",
				Long.class, engine.owner(), java.sql.Timestamp.from(lease.horizon()),
				java.sql.Timestamp.from(lease.until())))
			.as("the soonest arrivals, leased to the starting engine")
			.isEqualTo(30);
		assertThat(jdbc.queryForObject(
				"select count(*) from pending_arrivals where lease_owner is null and lease_until is null", Long.class))
			.as("the later ones, left for a claim")
			.isEqualTo(10);
		engine.adopt(lease, arrivals);

		eventually(() -> observer.receipts.size() == 40, Duration.ofSeconds(20));
		assertThat(count("receipts")).isEqualTo(40);
		assertThat(count("pending_arrivals")).isZero();
	}

	@Test
	void anEngineThatIsNotRunningLeasesNothingAtTheStart() {
		PropagationEngine engine = engine(new RecordingObserver(), defaults());
		assertThat(engine.leaseForStart()).isEqualTo(PropagationEngine.StartLease.NONE);
		startWave(Instant.now(), 5, 0.1);
		assertThat(jdbc.queryForObject("select count(*) from pending_arrivals where lease_owner is null", Long.class))
			.isEqualTo(5);
	}

	@Test
	void severalInstancesShareTheWorkWithoutDuplicates() {
		PropagationProperties smallClaims = new PropagationProperties(1.0, Duration.ofMillis(500),
				Duration.ofSeconds(5), Duration.ofMillis(50), 50, Duration.ofMillis(300), Duration.ofMillis(50),
				Duration.ofMillis(5));
		RecordingObserver first = new RecordingObserver();
		RecordingObserver second = new RecordingObserver();
		RecordingObserver third = new RecordingObserver();
		engine(first, smallClaims).start();
		engine(second, smallClaims).start();
		engine(third, smallClaims).start();
		startWave(Instant.now().plusMillis(200), 3000, 2.0);

		eventually(() -> first.receipts.size() + second.receipts.size() + third.receipts.size() >= 3000,
				Duration.ofSeconds(30));
		assertThat(first.receipts.size() + second.receipts.size() + third.receipts.size())
			.as("receipts announced across instances")
			.isEqualTo(3000);
		assertThat(count("receipts")).isEqualTo(3000);
		assertThat(count("pending_arrivals")).isZero();
	}

	@Test
	void arrivalsClaimedByACrashedInstanceAreDeliveredByAnother() {
		startWave(Instant.now().minusMillis(100), 50, 0.5);
		PendingArrivals pending = new PendingArrivals(JdbcClient.create(jdbc));
		Instant now = Instant.now();
		// An instance claims everything, then dies without delivering or releasing.
		Instant leaseEnd = now.plusSeconds(1);
		assertThat(pending.claim("crashed-instance", now, now.plusSeconds(5), leaseEnd, 1000)).hasSize(50);

		RecordingObserver survivor = new RecordingObserver();
		engine(survivor, defaults()).start();

		eventually(() -> survivor.receipts.size() == 50, Duration.ofSeconds(20));
		assertThat(count("receipts")).isEqualTo(50);
		assertThat(survivor.receipts).allSatisfy((receipt) -> assertThat(receipt.receivedAt()).isAfter(leaseEnd));
	}

	@Test
	void anInstanceThatStalledPastItsLeaseDeliversNothing() {
		startWave(Instant.now().minusMillis(100), 20, 0.5);
		PendingArrivals pending = new PendingArrivals(JdbcClient.create(jdbc));
		Instant now = Instant.now();
		List<Arrival> stalledClaim = pending.claim("stalled", now, now.plusSeconds(5), now.minusMillis(1), 1000);
		assertThat(stalledClaim).hasSize(20);
		// The lease has already lapsed: another instance takes the arrivals and delivers
		// them.
		List<Arrival> takenOver = pending.claim("healthy", now, now.plusSeconds(5), now.plusSeconds(10), 1000);
		assertThat(takenOver).hasSize(20);
		assertThat(pending.deliver("healthy", takenOver, Instant.now())).hasSize(20);
		// The stalled instance wakes up and tries to deliver what it once held.
		assertThat(pending.deliver("stalled", stalledClaim, Instant.now())).isEmpty();
		assertThat(count("receipts")).isEqualTo(20);
	}

	@Test
	void aCleanStopHandsLeasesBackAtOnce() {
		PropagationEngine engine = engine(new RecordingObserver(), defaults());
		engine.start();
		startWave(Instant.now().plusMillis(1500), 40, 0.2);
		eventually(() -> jdbc.queryForObject("select count(*) from pending_arrivals where lease_owner = ?", Long.class,
				engine.owner()) == 40, Duration.ofSeconds(10));
		engine.stop();
		assertThat(jdbc.queryForObject("select count(*) from pending_arrivals where lease_owner is null", Long.class))
			.isEqualTo(40);
	}

	@Test
	void arrivalsTheGuardForbidsAreDroppedWithoutAReceiptAndTheRestDelivered() {
		Set<UserId> forbiddenReceivers = ConcurrentHashMap.newKeySet();
		ArrivalGuard guard = (batch) -> batch.stream()
			.filter((arrival) -> forbiddenReceivers.contains(arrival.receiverId()))
			.toList();
		RecordingObserver observer = new RecordingObserver();
		engine(observer, defaults(), guard).start();
		Wave wave = new Wave(UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, null, ORIGIN,
				Instant.now().plusMillis(300), Instant.now().plusSeconds(600), 10 * MILE, DistanceUnit.MILE, MILE);
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UserId receiver = UserId.random();
			if (i % 4 == 0) {
				forbiddenReceivers.add(receiver);
			}
			candidates.add(new Candidate(receiver, Coordinates.of(ORIGIN.latitude() + 0.001 * i, ORIGIN.longitude())));
		}
		new WaveStore(JdbcClient.create(jdbc), new Signals(JdbcClient.create(jdbc))).start(wave, wave.plan(candidates),
				PropagationEngine.StartLease.NONE);

		eventually(() -> count("pending_arrivals") == 0, Duration.ofSeconds(20));
		assertThat(count("receipts")).isEqualTo(15);
		assertThat(observer.receipts).hasSize(15)
			.noneSatisfy((receipt) -> assertThat(forbiddenReceivers).contains(receipt.receiverId()));
	}

	@Test
	void whileTheGuardCannotAnswerNothingIsDeliveredThenEverythingIsLateRatherThanUnchecked() {
		AtomicBoolean down = new AtomicBoolean(true);
		AtomicInteger refusals = new AtomicInteger();
		ArrivalGuard guard = (batch) -> {
			if (down.get()) {
				refusals.incrementAndGet();
				throw new IllegalStateException("Redis is unreachable");
			}
			return List.of();
		};
		PropagationProperties shortLeases = new PropagationProperties(1.0, Duration.ofMillis(300),
				Duration.ofMillis(600), Duration.ofMillis(50), 5000, Duration.ofMillis(300), Duration.ofMillis(50),
				Duration.ofMillis(5));
		RecordingObserver observer = new RecordingObserver();
		engine(observer, shortLeases, guard).start();
		startWave(Instant.now().plusMillis(100), 10, 0.1);

		// Tried, refused, and tried again once the lease lapsed: nothing got through.
		eventually(() -> refusals.get() >= 3, Duration.ofSeconds(20));
		assertThat(count("receipts")).isZero();
		assertThat(observer.receipts).isEmpty();
		down.set(false);

		eventually(() -> observer.receipts.size() == 10, Duration.ofSeconds(20));
		assertThat(count("receipts")).isEqualTo(10);
	}

	private PropagationProperties defaults() {
		return new PropagationProperties(1.0, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(100),
				5000, Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(5));
	}

	private PropagationEngine engine(ArrivalObserver observer, PropagationProperties properties) {
		return engine(observer, properties, ArrivalGuard.NONE);
	}

	private PropagationEngine engine(ArrivalObserver observer, PropagationProperties properties, ArrivalGuard guard) {
		return engine(observer, properties, guard, ArrivalNotices.NONE);
	}

	private PropagationEngine engine(ArrivalObserver observer, PropagationProperties properties, ArrivalGuard guard,
			ArrivalNotices notices) {
		return engine(observer, properties, guard, notices, List.of());
	}

	private PropagationEngine engine(ArrivalObserver observer, PropagationProperties properties, ArrivalGuard guard,
			ArrivalNotices notices, List<ArrivalEffect> effects) {
		PropagationEngine engine = new PropagationEngine(new PendingArrivals(JdbcClient.create(jdbc)), properties,
				guard, notices, effects, List.of(observer),
				new TransactionTemplate(new JdbcTransactionManager(dataSource)), Clock.systemUTC(),
				PropagationEngine.newOwnerId());
		this.engines.add(engine);
		return engine;
	}

	/**
	 * A wave from ORIGIN whose receivers stand evenly spread out to {@code radiusMiles}.
	 */
	private Wave startWave(Instant sentAt, int receivers, double radiusMiles) {
		Wave wave = new Wave(UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, null, ORIGIN, sentAt,
				sentAt.plusSeconds(600), 10 * MILE, DistanceUnit.MILE, MILE);
		List<Arrival> arrivals = wave.plan(spreadOut(receivers, 0, radiusMiles));
		assertThat(arrivals).hasSize(receivers);
		new WaveStore(JdbcClient.create(jdbc), new Signals(JdbcClient.create(jdbc))).start(wave, arrivals,
				PropagationEngine.StartLease.NONE);
		return wave;
	}

	/** Receivers standing evenly spread out between two distances from ORIGIN. */
	private static List<Candidate> spreadOut(int receivers, double fromMiles, double toMiles) {
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < receivers; i++) {
			double fraction = (i + 1) / (double) receivers;
			double degrees = (fromMiles + (toMiles - fromMiles) * fraction) * MILE / 111_195.0;
			double angle = i * 2.399963;
			candidates.add(new Candidate(UserId.random(), Coordinates.of(ORIGIN.latitude() + degrees * Math.cos(angle),
					ORIGIN.longitude() + degrees * Math.sin(angle) / Math.cos(Math.toRadians(ORIGIN.latitude())))));
		}
		return candidates;
	}

	private static long count(String table) {
		return jdbc.queryForObject("select count(*) from " + table, Long.class);
	}

	private static final class RecordingObserver implements ArrivalObserver {

		final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();

		@Override
		public void delivered(List<Receipt> delivered, Instant committedAt) {
			this.receipts.addAll(delivered);
		}

	}

	private static void eventually(java.util.function.BooleanSupplier condition, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

}
