package com.bowwow.signal.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers every wave arrival at its moment, exactly once, across any number of
 * instances.
 *
 * <p>
 * A claimer thread leases arrivals shortly before they are due (see
 * {@link PropagationProperties#lookahead()}) and holds them in a delay queue; a
 * dispatcher thread wakes at each due time, takes everything due by then, checks it
 * against blocks and suspensions and tells the receivers' streams
 * ({@link ArrivalNotices}); a receipt thread then records the receipts of every batch
 * told since its last commit in one statement, while the dispatcher goes on. Arrivals are
 * never delivered early. If this instance dies, its leases lapse and another instance
 * delivers them late rather than never; on a clean stop it gives its leases back at once.
 */
public class PropagationEngine extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(PropagationEngine.class);

	/** Bounds one group commit (a transaction and one event) at a few thousand rows. */
	static final int MAX_RECEIPTS_PER_COMMIT = 2_000;

	private final PendingArrivals pending;

	private final PropagationProperties properties;

	private final long gatherNanos;

	private final List<ArrivalObserver> observers;

	private final List<ArrivalEffect> effects;

	private final ArrivalGuard guard;

	private final ArrivalNotices notices;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final String owner;

	private final DelayQueue<Scheduled> queue = new DelayQueue<>();

	/**
	 * Keys of arrivals held in memory, so a re-claim after a lapsed lease is not queued
	 * twice.
	 */
	private final Set<String> held = ConcurrentHashMap.newKeySet();

	/**
	 * Observers (metrics) run here, in delivery order, so that they never hold up the
	 * next arrival.
	 */
	private ExecutorService announcer;

	/**
	 * Receipts are written here, one batch after another, while the dispatcher goes on
	 * telling the next arrivals at their moments: a batch's commit (a WAL flush) no
	 * longer delays the batch after it.
	 */
	private ExecutorService receipts;

	/** Batches told and waiting for their receipts, oldest first. */
	private final Queue<Told> told = new ConcurrentLinkedQueue<>();

	/** Set by {@link #halt()}: stop as a crash would, keeping the leases. */
	private volatile boolean halting;

	public PropagationEngine(PendingArrivals pending, PropagationProperties properties, ArrivalGuard guard,
			ArrivalNotices notices, List<ArrivalEffect> effects, List<ArrivalObserver> observers,
			TransactionTemplate transactions, Clock clock, String owner) {
		// Both loops are interrupted at once: what they hold is leased and given back
		// after they ended.
		super(LifecyclePhase.WORKERS, Duration.ofSeconds(10), OnStop.INTERRUPT);
		this.pending = pending;
		this.guard = guard;
		this.notices = notices;
		this.properties = properties;
		this.gatherNanos = properties.dispatchGather().toNanos();
		this.effects = List.copyOf(effects);
		this.observers = List.copyOf(observers);
		this.transactions = transactions;
		this.clock = clock;
		this.owner = owner;
	}

	public String owner() {
		return this.owner;
	}

	/**
	 * Starts the claimer, which looks for due arrivals every {@code poll-interval} (and
	 * at once on {@link #wakeUp()}, e.g. right after a wave starts), and the dispatcher.
	 */
	@Override
	protected void startWork() {
		this.halting = false;
		this.announcer = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().name("wave-announcer").daemon().factory());
		this.receipts = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("wave-receipts").daemon().factory());
		loop("wave-claimer", ThreadKind.PLATFORM, this::claimLoop);
		loop("wave-dispatcher", ThreadKind.PLATFORM, this::dispatchLoop);
		log.info("Propagation engine {} started", this.owner);
	}

	@Override
	protected void afterStop() {
		if (this.halting) {
			// as a crash would: what was told and not written is left to the leases
			this.told.clear();
			this.receipts.shutdownNow();
			this.announcer.shutdownNow();
			return;
		}
		// what was told is written before the leases are given back
		this.receipts.close();
		this.announcer.close();
		this.queue.clear();
		this.held.clear();
		int released = this.pending.release(this.owner);
		log.info("Propagation engine {} stopped; released {} arrivals to other instances", this.owner, released);
	}

	/** Stops without giving leases back, as a crash would. For tests of recovery only. */
	void halt() {
		this.halting = true;
		stop();
	}

	/**
	 * The lease a starting wave's soonest arrivals are stored with: those due within the
	 * lookahead go to this instance, exactly as a claim would lease them, so that they
	 * can be held in memory from the commit on instead of after the next claim (a claim
	 * of a few thousand rows takes tens of milliseconds, and the nearest receivers would
	 * be late by it). None while the engine is not running: nobody here would deliver
	 * them, so they are left for a claim.
	 */
	public StartLease leaseForStart() {
		if (!isRunning() || this.halting) {
			return StartLease.NONE;
		}
		Instant now = this.clock.instant();
		return new StartLease(this.owner, now.plus(this.properties.lookahead()), now.plus(this.properties.lease()));
	}

	/**
	 * Takes into memory the arrivals a committed wave start leased to this instance (see
	 * {@link #leaseForStart}); the rest wait for a claim. If this instance stops before
	 * delivering them, their lease lapses and any instance delivers them, late.
	 */
	public void adopt(StartLease lease, List<Arrival> arrivals) {
		if (lease.owner() == null) {
			wakeUp();
			return;
		}
		boolean later = false;
		for (Arrival arrival : arrivals) {
			if (arrival.dueAt().isAfter(lease.horizon())) {
				later = true;
			}
			else if (this.held.add(key(arrival))) {
				this.queue.add(new Scheduled(arrival, deadlineNanos(arrival.dueAt())));
			}
		}
		if (later) {
			wakeUp();
		}
	}

	/**
	 * Arrivals due by {@code horizon} are stored leased to {@code owner} until
	 * {@code until}.
	 *
	 * @param owner the engine that holds them, or null for no lease
	 * @param horizon arrivals due after this are not leased
	 * @param until when the lease lapses
	 */
	public record StartLease(String owner, Instant horizon, Instant until) {

		/** Nothing leased at the start: every arrival waits for a claim. */
		public static final StartLease NONE = new StartLease(null, null, null);

	}

	private void claimLoop() {
		while (isRunning()) {
			try {
				Instant now = this.clock.instant();
				List<Arrival> claimed = this.pending.claim(this.owner, now, now.plus(this.properties.lookahead()),
						now.plus(this.properties.lease()), this.properties.claimBatch());
				for (Arrival arrival : claimed) {
					if (this.held.add(key(arrival))) {
						this.queue.add(new Scheduled(arrival, deadlineNanos(arrival.dueAt())));
					}
				}
				if (claimed.size() < this.properties.claimBatch()) {
					pause(this.properties.pollInterval());
				}
			}
			catch (RuntimeException ex) {
				if (isRunning()) {
					log.warn("Claiming arrivals failed; retrying", ex);
					pause(this.properties.pollInterval());
				}
			}
		}
	}

	private void dispatchLoop() {
		while (isRunning()) {
			List<Arrival> batch = new ArrayList<>();
			try {
				Scheduled first = this.queue.take();
				batch.add(first.arrival());
				gatherAfter(first);
				// Everything else already due goes out in the same transaction; nothing
				// early.
				Scheduled next;
				while ((next = this.queue.poll()) != null) {
					batch.add(next.arrival());
				}
				waitUntilWallClockReaches(latestDue(batch));
				deliver(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// Leave them leased: when the lease lapses they are claimed and tried
				// again.
				log.warn("Delivering {} arrivals failed; they will be retried after their lease", batch.size(), ex);
				batch.forEach((arrival) -> this.held.remove(key(arrival)));
			}
		}
	}

	/**
	 * When another arrival falls due within {@code dispatchGather} of one that is due,
	 * waits for it so that both go out as one batch (not when the first is already that
	 * late: the dispatcher is behind and batches grow by themselves).
	 */
	private void gatherAfter(Scheduled first) throws InterruptedException {
		long until = first.deadlineNanos() + this.gatherNanos;
		Scheduled next = this.queue.peek();
		long wait = until - System.nanoTime();
		if (wait > 0 && next != null && next.deadlineNanos() <= until) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	private void deliver(List<Arrival> batch) {
		// Checked at the due moment, so a block or suspension that landed while the wave
		// travelled still stops it; if the check fails the batch stays leased and is
		// retried (late rather than delivered unchecked).
		List<Arrival> forbidden = this.guard.forbidden(batch);
		Set<Arrival> dropping = Set.copyOf(forbidden);
		List<Arrival> allowed = dropping.isEmpty() ? batch
				: batch.stream().filter((arrival) -> !dropping.contains(arrival)).toList();
		// Told now, not after the commit: storing receipts must not make anyone late.
		// Each receiver is told at most once (see the notices), so a batch retried
		// after a failed commit or a crash tells nobody twice.
		try {
			this.notices.tell(allowed);
		}
		catch (RuntimeException ex) {
			log.warn("Telling {} receivers' streams failed; they have the receipt and the push", allowed.size(), ex);
		}
		this.told.add(new Told(batch, forbidden, allowed, System.nanoTime()));
		this.receipts.execute(this::writeToldReceipts);
	}

	/**
	 * Writes the receipts of every batch told since the last commit, in one transaction
	 * (a group commit), once the oldest has lingered
	 * {@link PropagationProperties#receiptLinger()}: during a large wave the dispatcher
	 * tells a few receivers every few milliseconds, and a transaction, an
	 * {@code ArrivalsDelivered} event and push- and analytics-service's work for each
	 * such batch cost more than its receipts.
	 */
	private void writeToldReceipts() {
		Told oldest = this.told.peek();
		if (oldest == null) {
			// an earlier round took them
			return;
		}
		long lingerNanos = oldest.toldAtNanos() + this.properties.receiptLinger().toNanos() - System.nanoTime();
		if (lingerNanos > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(lingerNanos);
			}
			catch (InterruptedException ex) {
				// stopping: write what was told now
				Thread.currentThread().interrupt();
			}
		}
		List<Arrival> batch = new ArrayList<>();
		List<Arrival> forbidden = new ArrayList<>();
		List<Arrival> allowed = new ArrayList<>();
		Told next;
		while (batch.size() < MAX_RECEIPTS_PER_COMMIT && (next = this.told.poll()) != null) {
			batch.addAll(next.batch());
			forbidden.addAll(next.forbidden());
			allowed.addAll(next.allowed());
		}
		if (!batch.isEmpty()) {
			writeReceipts(batch, forbidden, allowed);
		}
	}

	private void writeReceipts(List<Arrival> batch, List<Arrival> forbidden, List<Arrival> allowed) {
		List<Receipt> written;
		try {
			written = this.transactions.execute((status) -> {
				if (!forbidden.isEmpty()) {
					int dropped = this.pending.discard(this.owner, forbidden);
					log.debug("Dropped {} arrivals between blocked or suspended users", dropped);
				}
				if (allowed.isEmpty()) {
					return List.<Receipt>of();
				}
				List<Receipt> receipts = this.pending.deliver(this.owner, allowed, this.clock.instant());
				if (!receipts.isEmpty()) {
					this.effects.forEach((effect) -> effect.delivered(receipts));
				}
				return receipts;
			});
		}
		catch (RuntimeException ex) {
			// Left leased: when the lease lapses they are claimed and tried again (their
			// streams were told already and are not told twice).
			log.warn("Writing {} receipts failed; they will be retried after their lease", batch.size(), ex);
			batch.forEach((arrival) -> this.held.remove(key(arrival)));
			return;
		}
		Instant committedAt = this.clock.instant();
		batch.forEach((arrival) -> this.held.remove(key(arrival)));
		if (!written.isEmpty()) {
			this.announcer.execute(() -> announce(written, committedAt));
		}
	}

	private void announce(List<Receipt> receipts, Instant committedAt) {
		for (ArrivalObserver observer : this.observers) {
			try {
				observer.delivered(receipts, committedAt);
			}
			catch (RuntimeException ex) {
				log.warn("Arrival observer {} failed", observer.getClass().getSimpleName(), ex);
			}
		}
	}

	/**
	 * The queue runs on the monotonic clock, receipts on the wall clock; if the two
	 * drifted apart since the claim, wait the difference so that no receipt predates its
	 * arrival.
	 */
	private void waitUntilWallClockReaches(Instant dueAt) throws InterruptedException {
		long aheadNanos;
		while ((aheadNanos = Duration.between(this.clock.instant(), dueAt).toNanos()) > 0) {
			TimeUnit.NANOSECONDS.sleep(aheadNanos);
		}
	}

	private static Instant latestDue(List<Arrival> batch) {
		Instant latest = Instant.MIN;
		for (Arrival arrival : batch) {
			if (arrival.dueAt().isAfter(latest)) {
				latest = arrival.dueAt();
			}
		}
		return latest;
	}

	private long deadlineNanos(Instant dueAt) {
		long untilDue = Duration.between(this.clock.instant(), dueAt).toNanos();
		return System.nanoTime() + Math.max(0, untilDue);
	}

	private static String key(Arrival arrival) {
		return arrival.signalId() + "/" + arrival.receiverId();
	}

	/** A batch the dispatcher handled: what it told and what it dropped. */
	private record Told(List<Arrival> batch, List<Arrival> forbidden, List<Arrival> allowed, long toldAtNanos) {
	}

	private record Scheduled(Arrival arrival, long deadlineNanos) implements Delayed {

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(this.deadlineNanos, ((Scheduled) other).deadlineNanos);
		}

	}

	/**
	 * A fresh owner ID per process: leases must not survive the instance that took them.
	 */
	public static String newOwnerId() {
		return "signal-" + UUID.randomUUID();
	}

}
