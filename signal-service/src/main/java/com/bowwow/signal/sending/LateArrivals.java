package com.bowwow.signal.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.PropagationMetrics;
import com.bowwow.signal.propagation.PropagationMetrics.SendStage;
import com.bowwow.signal.propagation.TravellingWaves;
import com.bowwow.signal.propagation.TravellingWaves.Travelling;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.Wave.Candidate;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.signal.sending.NearbyUsersClient.Audience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reaches people who come within a wave's reach after it left. While the wavefront is
 * still travelling, any instance asks again who is around; anyone new whose position the
 * front has not yet passed gets an arrival at the moment it will. Someone whose position
 * the front already passed was not in range while it went by, and is not reached.
 * <p>
 * Durable: the travelling wave is a row of {@code travelling_waves}, written in the
 * send's transaction and claimed by whichever instance's worker finds it due ({@code FOR
 * UPDATE SKIP LOCKED}, the claim moves its next check forward), so a wave whose instance
 * stops keeps finding newcomers on the others. Who is already reached is read from the
 * wave's arrivals and receipts, not remembered; planning is idempotent (one arrival per
 * receiver), so two instances checking the same wave cannot plan anyone twice.
 * <p>
 * Cheap: a check asks location-service only for those who moved since the last answer it
 * used (the row's {@code moved_since}, location-service's index clock), not for everyone
 * in the disc, and moves that on only once the newcomers are planned. A new position, a
 * return from offline mode and an index rebuild all count as moves; someone who stays put
 * while a block or suspension that hid them at the send is lifted is not looked for.
 */
class LateArrivals extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(LateArrivals.class);

	/** Waves checked per round and instance. */
	static final int BATCH = 50;

	/**
	 * How often waves whose front is done are removed: removing them on every round
	 * (eight a second) was 30 of signal-service's 639 JFR samples over a bench run, and a
	 * done wave left a little longer costs nothing.
	 */
	static final Duration CLEANUP_EVERY = Duration.ofSeconds(1);

	private volatile Instant nextCleanup = Instant.MIN;

	private static final Executor RING_READER = (task) -> Thread.ofVirtual().name("audience-ring").start(task);

	private final NearbyUsersClient nearby;

	private final WaveStore waves;

	private final PropagationEngine engine;

	private final Duration interval;

	private final Clock clock;

	private final SafeAudience audience;

	private final TravellingWaves travelling;

	private final Signals signals;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final Duration owedFor;

	private final PropagationMetrics metrics;

	/**
	 * @param owedFor how long a sender may take to plan the rest of its audience before
	 * another check does it (longer than the sender's own read can take: a check that
	 * started while the sender still read would read and store the whole disc twice)
	 */
	public LateArrivals(NearbyUsersClient nearby, WaveStore waves, PropagationEngine engine, SafeAudience audience,
			Duration interval, Clock clock, TravellingWaves travelling, Signals signals, EventOutbox outbox,
			TransactionTemplate transactions, Duration owedFor, PropagationMetrics metrics) {
		// A round is cut short at once: the claimed waves are checked again at their next
		// check time, here or elsewhere.
		super(LifecyclePhase.WORKERS, Duration.ofSeconds(5), OnStop.INTERRUPT);
		this.audience = audience;
		this.nearby = nearby;
		this.waves = waves;
		this.engine = engine;
		this.interval = interval;
		this.clock = clock;
		this.travelling = travelling;
		this.signals = signals;
		this.outbox = outbox;
		this.transactions = transactions;
		this.owedFor = owedFor;
		this.metrics = metrics;
	}

	/**
	 * Records that the wave travels and must be watched until its front has passed its
	 * whole reach. Call in the transaction that starts the wave.
	 * @param audienceAsOf the index clock of the audience the wave starts with
	 */
	public void follow(Wave wave, Instant audienceAsOf) {
		Instant firstCheck = this.clock.instant().plus(this.interval);
		if (firstCheck.isBefore(wave.frontDone())) {
			this.travelling.add(wave, firstCheck, audienceAsOf);
		}
	}

	/**
	 * Records that a wave left with only its nearest receivers planned, so that the rest
	 * of its audience is planned by whichever instance checks it first if the sender's
	 * own {@link #completeAudience} does not commit. Call in the transaction that starts
	 * the wave.
	 */
	public void followIncomplete(Wave wave) {
		this.travelling.addIncomplete(wave, this.clock.instant().plus(this.owedFor));
	}

	/**
	 * Plans everyone within the wave's reach who is not planned yet, overdue ones
	 * included (they were in reach when it left: late rather than never), and announces
	 * the wave ({@code SignalSent} with its whole receiver count) once, whoever completes
	 * it.
	 * @param plannedAmong who of those in reach the wave already has (the sender, those
	 * planned at the start)
	 * @return the arrivals added
	 */
	public List<Arrival> completeAudience(Wave wave, Function<List<UserId>, Set<UserId>> plannedAmong) {
		double reach = wave.maxDistanceMeters() + Wave.CELL_MARGIN_METERS;
		Audience around = this.nearby.within(wave.origin(), reach, wave.senderId());
		Set<UserId> planned = plannedAmong.apply(around.candidates().stream().map(Candidate::userId).toList());
		return store(wave, notIn(planned, around), true, around.asOf());
	}

	/**
	 * The sender's own completion of a wave that left with its nearest receivers: the
	 * rest of the audience is read, planned and stored ring by ring outwards,
	 * {@code ring} at a time, each ring read once and held from its commit, so that those
	 * due soon are not kept waiting while the farthest are read and stored. The last ring
	 * completes the wave as {@link #completeAudience} does; a failure before it leaves
	 * the rest to the next check (rings stored so far stay, and are not planned again).
	 * @param planned whom the wave already has (the sender, those planned at the start)
	 * @param beyondMeters the farthest distance read at the start
	 * @param audienceAsOf the index clock of the start's read: newcomer checks look for
	 * movers from there, which covers anyone who moved between two rings' reads
	 * @return how many arrivals were added
	 */
	public int completeAudienceByRings(Wave wave, Set<UserId> planned, double beyondMeters, Instant audienceAsOf,
			int ring) {
		double reach = wave.maxDistanceMeters() + Wave.CELL_MARGIN_METERS;
		Set<UserId> have = new HashSet<>(planned);
		int added = 0;
		long began = System.nanoTime();
		CompletableFuture<Audience> reading = readRing(wave, reach, ring, beyondMeters);
		while (true) {
			Audience next = await(reading);
			List<Candidate> fresh = notIn(have, next);
			boolean last = !next.truncated();
			if (!last && fresh.isEmpty()) {
				// no progress: more than a ring stand at one distance, or an older
				// location-service that does not know rings (a rolling deployment)
				fresh = notIn(have, this.nearby.within(wave.origin(), reach, wave.senderId()));
				last = true;
			}
			else if (!last) {
				// read the next ring while this one is stored: on a loaded machine each
				// waits for its turn at the CPU in several processes
				reading = readRing(wave, reach, ring, next.farthestMeters());
			}
			fresh.forEach((c) -> have.add(c.userId()));
			long read = System.nanoTime();
			added += store(wave, fresh, last, audienceAsOf).size();
			this.metrics.sendStage(SendStage.REST_READ, read - began);
			this.metrics.sendStage(SendStage.REST_STORE, System.nanoTime() - read);
			if (last) {
				return added;
			}
			began = System.nanoTime();
		}
	}

	private static List<Candidate> notIn(Set<UserId> known, Audience audience) {
		return audience.candidates().stream().filter((c) -> !known.contains(c.userId())).toList();
	}

	private CompletableFuture<Audience> readRing(Wave wave, double reach, int ring, double beyond) {
		// A little inside the farthest already read: distances are measured a hair
		// differently there, and those read again are dropped by id.
		return CompletableFuture.supplyAsync(() -> this.nearby.nearestBeyond(wave.origin(), reach, ring,
				wave.senderId(), Math.max(0, beyond - 1 - beyond / 1_000)), RING_READER);
	}

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Stores part of a wave's audience, leased and held from its commit; with
	 * {@code completing}, also marks the audience complete and announces the wave with
	 * its whole count, unless another instance completed it first.
	 */
	private List<Arrival> store(Wave wave, List<Candidate> candidates, boolean completing, Instant movedSince) {
		List<Arrival> arrivals = wave.plan(this.audience.of(wave.senderId(), candidates));
		if (arrivals.isEmpty() && !completing) {
			return List.of();
		}
		PropagationEngine.StartLease lease = this.engine.leaseForStart();
		List<Arrival> added = this.transactions.execute((status) -> {
			int stored = this.waves.add(wave.signalId(), arrivals, lease);
			// newcomer checks start now, not when the owed rest would have been checked
			if (completing && !this.travelling.completeAudience(wave.signalId(), movedSince,
					this.clock.instant().plus(this.interval))) {
				// another instance completed it first; what this one stored is
				// idempotent (one arrival per receiver), and was not counted
				status.setRollbackOnly();
				return List.<Arrival>of();
			}
			if (!completing) {
				this.travelling.stillPlanning(wave.signalId(), this.clock.instant().plus(this.owedFor));
			}
			int receivers = this.signals.addReceivers(wave.signalId(), stored);
			if (completing) {
				this.outbox.publish(new SignalSent(UUID.randomUUID(), wave.signalId(), wave.senderId(), wave.kind(),
						null, wave.sentAt(), wave.maxDistanceMeters(), receivers));
			}
			return arrivals;
		});
		this.engine.adopt(lease, added);
		return added;
	}

	/** One round: every due travelling wave this instance can claim is checked once. */
	int checkDue() {
		Instant now = this.clock.instant();
		if (!now.isBefore(this.nextCleanup)) {
			this.travelling.removeDoneBy(now.plus(this.interval));
			this.nextCleanup = now.plus(CLEANUP_EVERY);
		}
		List<Travelling> due = this.travelling.claimDue(now, BATCH, now.plus(this.interval));
		for (Travelling wave : due) {
			try {
				check(wave);
			}
			catch (RuntimeException ex) {
				// the row stays: the next check (here or elsewhere) tries again
				log.debug("Looking for late arrivals of {} failed: {}", wave.wave().signalId(), ex.getMessage());
			}
		}
		return due.size();
	}

	void check(Travelling travellingWave) {
		Wave wave = travellingWave.wave();
		if (!travellingWave.audienceComplete()) {
			// its sender did not get to plan the rest of the audience (stopped or failed)
			completeAudience(wave, (inReach) -> this.travelling.reached(wave, inReach));
			return;
		}
		double reach = wave.maxDistanceMeters() + Wave.CELL_MARGIN_METERS;
		Audience around = (travellingWave.movedSince() != null)
				? this.nearby.movedWithin(wave.origin(), reach, travellingWave.movedSince(), wave.senderId())
				: this.nearby.within(wave.origin(), reach, wave.senderId());
		Instant now = this.clock.instant();
		Set<UserId> known = this.travelling.reached(wave, around.candidates().stream().map(Candidate::userId).toList());
		List<Candidate> newcomers = around.candidates()
			.stream()
			.filter((candidate) -> !known.contains(candidate.userId()))
			.toList();
		// Same rules as at the start: cell centre within reach, nobody hidden from the
		// sender.
		List<Arrival> late = wave.plan(this.audience.stillReachable(wave.senderId(), newcomers))
			.stream()
			.filter((arrival) -> arrival.dueAt().isAfter(now))
			.toList();
		if (!late.isEmpty()) {
			this.waves.add(wave.signalId(), late);
			this.engine.wakeUp();
		}
		if (around.asOf() != null) {
			this.travelling.checkedUpTo(wave, around.asOf());
		}
	}

	@Override
	protected void startWork() {
		Duration poll = poll();
		every("late-arrivals", ThreadKind.PLATFORM, poll, poll, () -> {
			try {
				checkDue();
			}
			catch (RuntimeException ex) {
				log.debug("Looking for late arrivals failed: {}", ex.getMessage());
			}
		});
	}

	/**
	 * Polls a few times per interval (one indexed query on a small table), so that each
	 * wave is checked about every interval whichever instance's phase claims it.
	 */
	private Duration poll() {
		return Duration.ofMillis(Math.max(20, this.interval.toMillis() / 4));
	}

}
