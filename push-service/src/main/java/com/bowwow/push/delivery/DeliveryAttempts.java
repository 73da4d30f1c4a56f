package com.bowwow.push.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.id.UserId;
import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.common.lifecycle.PhasedLifecycle;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.common.security.SafetyReads.Meeting;
import com.bowwow.common.security.SafetyReads.Separation;
import com.bowwow.push.delivery.DeliveryStore.Completion;
import com.bowwow.push.delivery.DeliveryStore.Decided;
import com.bowwow.push.delivery.DeliveryStore.Retry;
import com.bowwow.push.api.PushEvents.Outcome;
import com.bowwow.push.api.PushEvents.PushOutcome;
import com.bowwow.push.api.PushEvents.PushesFinished;
import com.bowwow.push.apns.PushSender;
import com.bowwow.push.apns.SendResult;
import com.bowwow.push.message.Messages;
import com.bowwow.push.message.PushMessage;
import com.bowwow.user.api.PushTarget;
import com.bowwow.push.users.UserServiceClient;
import com.bowwow.push.users.UserServiceClient.UserServiceUnavailableException;

/**
 * Attempts leased delivery rows: checks the receiver at send time (offline, deleted and
 * dead tokens are skipped, and so are signal and response pushes between users now
 * blocked either way or where either is suspended), writes the message in their unit,
 * hands it to APNs and records what happened. A batch's final outcomes commit together
 * with one {@code PushesFinished} event; a transient failure schedules the next try
 * instead, in the same transaction. Attempts run on virtual threads, at most
 * {@code concurrency} at a time.
 */
public class DeliveryAttempts extends PhasedLifecycle implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

	private final DeliveryStore store;

	private final UserServiceClient users;

	private final PushSender sender;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final PushMetrics metrics;

	private final DeliveryProperties properties;

	private final Backoff backoff;

	private final Clock clock;

	private final SafetyReads safety;

	private final Semaphore permits;

	private final ExecutorService threads = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("push-attempt-", 0).factory());

	public DeliveryAttempts(DeliveryStore store, UserServiceClient users, PushSender sender, EventOutbox outbox,
			TransactionTemplate transactions, PushMetrics metrics, DeliveryProperties properties, Clock clock,
			SafetyReads safety) {
		// After the web server and the consumers stopped handing out work, before the
		// outbox relay and the APNs client stop.
		super(LifecyclePhase.IN_FLIGHT);
		this.safety = safety;
		this.store = store;
		this.users = users;
		this.sender = sender;
		this.outbox = outbox;
		this.transactions = transactions;
		this.metrics = metrics;
		this.properties = properties;
		this.backoff = new Backoff(properties.backoffBase(), properties.backoffMax());
		this.clock = clock;
		this.permits = new Semaphore(properties.concurrency());
	}

	/** The lease a new or claimed row gets from now. */
	public Instant leaseFrom(Instant now) {
		return now.plus(this.properties.lease());
	}

	/**
	 * Attempts every row, concurrently but bounded, and returns once each has an outcome
	 * recorded (final, or a retry scheduled). What the attempts decided is written in one
	 * transaction for the whole batch.
	 * @throws IllegalStateException when some outcome could not be decided or recorded
	 * (the rows stay leased and are retried by the worker after the lease)
	 */
	public void attemptAll(List<Delivery> deliveries) {
		if (deliveries.isEmpty()) {
			return;
		}
		Function<UserId, Optional<PushTarget>> targets = pushTargets(deliveries);
		Function<Delivery, Separation> separations = separations(deliveries);
		List<CompletableFuture<Decided>> running = new ArrayList<>(deliveries.size());
		for (Delivery delivery : deliveries) {
			running.add(start(delivery, targets, separations));
		}
		List<Decided> decided = new ArrayList<>(deliveries.size());
		RuntimeException failure = null;
		for (CompletableFuture<Decided> attempt : running) {
			try {
				decided.add(attempt.get(attemptTimeout().toMillis(), TimeUnit.MILLISECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while attempting pushes", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				if (failure == null) {
					failure = new IllegalStateException("Could not decide a push outcome: " + cause.getMessage(),
							cause);
				}
				else {
					failure.addSuppressed(cause);
				}
			}
		}
		record(decided);
		if (failure != null) {
			throw failure;
		}
	}

	/** Attempts one row in the background. */
	public CompletableFuture<Void> submit(Delivery delivery) {
		return CompletableFuture.runAsync(() -> attemptAll(List.of(delivery)), this.threads);
	}

	/** One call to user-service for the whole batch, not one per receiver. */
	private Function<UserId, Optional<PushTarget>> pushTargets(List<Delivery> deliveries) {
		try {
			Map<UserId, PushTarget> found = this.users
				.pushTargets(deliveries.stream().map(Delivery::receiverId).distinct().toList());
			return (receiver) -> Optional.ofNullable(found.get(receiver));
		}
		catch (UserServiceUnavailableException ex) {
			// each attempt records it as a transient failure and is retried later
			return (receiver) -> {
				throw ex;
			};
		}
	}

	/**
	 * Blocks and suspensions of the whole batch in one round trip. Read right before
	 * sending, not when the arrival was delivered: a receipt written just before a block
	 * or suspension must not become a push after it.
	 */
	private Function<Delivery, Separation> separations(List<Delivery> deliveries) {
		List<Delivery> checked = deliveries.stream().filter((delivery) -> !delivery.isTest()).toList();
		try {
			List<Separation> found = this.safety.separations(checked.stream()
				.map((delivery) -> new Meeting(delivery.receiverId(), delivery.senderId()))
				.toList());
			Map<UUID, Separation> byDelivery = new HashMap<>();
			for (int i = 0; i < checked.size(); i++) {
				byDelivery.put(checked.get(i).id(), found.get(i));
			}
			return (delivery) -> byDelivery.getOrDefault(delivery.id(), Separation.NONE);
		}
		catch (DataAccessException ex) {
			// Fail closed: never push unchecked; each attempt is tried again later.
			return (delivery) -> {
				throw ex;
			};
		}
	}

	private CompletableFuture<Decided> start(Delivery delivery, Function<UserId, Optional<PushTarget>> targets,
			Function<Delivery, Separation> separations) {
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CompletableFuture.failedFuture(ex);
		}
		try {
			return CompletableFuture.supplyAsync(() -> {
				try {
					return decide(delivery, targets, separations);
				}
				finally {
					this.permits.release();
				}
			}, this.threads);
		}
		catch (RuntimeException ex) {
			this.permits.release();
			return CompletableFuture.failedFuture(ex);
		}
	}

	private Duration attemptTimeout() {
		// user-service, APNs and the database (each with its own timeout), with room to
		// spare; the lease must be longer
		return this.properties.lease().minusSeconds(5);
	}

	/** One attempt of one leased row: what to record, written later with its batch. */
	private Decided decide(Delivery delivery, Function<UserId, Optional<PushTarget>> targets,
			Function<Delivery, Separation> separations) {
		Instant now = this.clock.instant();
		if (now.isAfter(delivery.expiresAt())) {
			// Failed before and ran out of time: kept visible as a dead letter, not
			// silently gone.
			DeliveryStatus status = (delivery.attempts() == 0) ? DeliveryStatus.SKIPPED : DeliveryStatus.DEAD_LETTERED;
			return new Completion(delivery, status, "expired", null, null, null, null, false, delivery.attempts());
		}
		Optional<PushTarget> target;
		try {
			target = targets.apply(delivery.receiverId());
		}
		catch (UserServiceUnavailableException ex) {
			return failed(delivery, "user_service_unavailable", ex.getMessage(), null);
		}
		if (target.isEmpty()) {
			return new Completion(delivery, DeliveryStatus.SKIPPED, "deleted", null, null, null, null, false,
					delivery.attempts());
		}
		PushTarget receiver = target.get();
		String unit = receiver.distanceUnit().wireName();
		String skip = receiver.skipReason();
		// a test push is between the service and one user: no pair to keep apart
		if (skip == null && !delivery.isTest()) {
			try {
				skip = skipReason(separations.apply(delivery));
			}
			catch (DataAccessException ex) {
				return failed(delivery, "safety_unavailable", "Safety read model unavailable: " + ex.getMessage(),
						null);
			}
		}
		if (skip != null) {
			return new Completion(delivery, DeliveryStatus.SKIPPED, skip, null, null, unit, null, false,
					delivery.attempts());
		}
		PushMessage message = message(delivery, receiver);
		SendResult result = this.sender.send(message).join();
		int attempts = delivery.attempts() + 1;
		return switch (result) {
			case SendResult.Accepted accepted -> new Completion(delivery, DeliveryStatus.SENT, null, null,
					receiver.deviceToken(), unit, accepted.apnsId(), false, attempts);
			case SendResult.Rejected rejected when rejected.deadToken() ->
				new Completion(delivery, DeliveryStatus.REJECTED, rejected.reasonOrStatus(), null,
						receiver.deviceToken(), unit, null, true, attempts);
			case SendResult.Rejected rejected when rejected.isTransient() -> failed(delivery, rejected.reasonOrStatus(),
					"APNs " + rejected.status() + " " + rejected.reasonOrStatus(), receiver.deviceToken());
			// Not the token's fault and not going away by itself (our configuration or
			// payload): an operator fixes the cause and replays it.
			case SendResult.Rejected rejected -> new Completion(delivery, DeliveryStatus.DEAD_LETTERED,
					rejected.reasonOrStatus(), "APNs " + rejected.status() + " " + rejected.reasonOrStatus(),
					receiver.deviceToken(), unit, null, false, attempts);
			case SendResult.Failed failed ->
				failed(delivery, "apns_unreachable", failed.error(), receiver.deviceToken());
		};
	}

	/**
	 * @return {@code suspended} when either user is suspended, {@code blocked} when a
	 * block stands between them (either way), {@code deleted} when the sender has just
	 * deleted their account (the receiver's push target is gone with theirs), otherwise
	 * null
	 */
	private static String skipReason(Separation separation) {
		return switch (separation) {
			case NONE -> null;
			case SUSPENDED -> "suspended";
			case BLOCKED -> "blocked";
			case DELETED -> "deleted";
		};
	}

	private static PushMessage message(Delivery delivery, PushTarget receiver) {
		if (delivery.isTest()) {
			return Messages.test(receiver.deviceToken(), delivery.id(), receiver.language(), delivery.expiresAt());
		}
		return Messages.arrival(receiver.deviceToken(), delivery.signalId(), delivery.senderId(), delivery.kind(),
				delivery.distanceMeters(), delivery.direction(), receiver.distanceUnit(), receiver.language(),
				delivery.expiresAt());
	}

	/** A transient failure: try again later, or give up after the last attempt. */
	private Decided failed(Delivery delivery, String reason, String error, String deviceToken) {
		int attempts = delivery.attempts() + 1;
		if (attempts >= this.properties.maxAttempts()) {
			return new Completion(delivery, DeliveryStatus.DEAD_LETTERED, reason, error, deviceToken, null, null, false,
					attempts);
		}
		Instant next = this.clock.instant().plus(this.backoff.delay(attempts, ThreadLocalRandom.current()));
		return new Retry(delivery, error, deviceToken, next);
	}

	/**
	 * Records what a batch's attempts decided, final outcomes with their events, in one
	 * transaction; an attempt that was taken over meanwhile (its lease ran out) records
	 * nothing.
	 */
	private void record(List<Decided> decided) {
		if (decided.isEmpty()) {
			return;
		}
		List<Completion> completions = new ArrayList<>();
		List<Retry> retries = new ArrayList<>();
		for (Decided decision : decided) {
			switch (decision) {
				case Completion completion -> completions.add(completion);
				case Retry retry -> retries.add(retry);
			}
		}
		Instant now = this.clock.instant();
		boolean[][] owned = this.transactions.execute((tx) -> {
			boolean[] completed = completions.isEmpty() ? new boolean[0] : this.store.completeAll(completions, now);
			List<PushOutcome> outcomes = new ArrayList<>();
			for (int i = 0; i < completions.size(); i++) {
				if (completed[i]) {
					Completion done = completions.get(i);
					outcomes.add(new PushOutcome(done.delivery().signalId(), done.delivery().receiverId(),
							done.delivery().kind(), Outcome.valueOf(done.status().name()), done.reason(),
							done.attempts(), now));
				}
			}
			if (!outcomes.isEmpty()) {
				// one event for the batch: its consumers pay per batch, not per receiver
				this.outbox.publish(new PushesFinished(UUID.randomUUID(), outcomes));
			}
			boolean[] retried = retries.isEmpty() ? new boolean[0] : this.store.scheduleRetries(retries, now);
			return new boolean[][] { completed, retried };
		});
		for (int i = 0; i < completions.size(); i++) {
			Completion done = completions.get(i);
			if (owned[0][i]) {
				counted(done);
				if (done.reportTokenDead()) {
					reportDeadToken(done.delivery().id(), done.delivery().receiverId(), done.deviceToken());
				}
			}
			else {
				log.info("Push {} was taken over by another attempt; its outcome stands", done.delivery().id());
			}
		}
		for (int i = 0; i < retries.size(); i++) {
			if (owned[1][i]) {
				Retry retry = retries.get(i);
				this.metrics.retried();
				log.debug("Push {} attempt {} failed ({}), next try at {}", retry.delivery().id(),
						retry.delivery().attempts() + 1, retry.error(), retry.at());
			}
		}
	}

	private void counted(Completion done) {
		switch (done.status()) {
			case SENT -> this.metrics.sent();
			case REJECTED -> this.metrics.rejected(done.reason());
			case SKIPPED -> this.metrics.skipped(done.reason());
			case DEAD_LETTERED -> {
				this.metrics.deadLettered();
				if (done.error() != null && done.error().startsWith("APNs ")) {
					this.metrics.rejected(done.reason());
				}
				log.warn("Push {} to {} dead-lettered after {} attempts: {} ({})", done.delivery().id(),
						done.delivery().receiverId(), done.attempts(), done.reason(), done.error());
			}
			case PENDING -> throw new IllegalArgumentException("not a final status");
		}
	}

	/**
	 * Tells user-service the token is dead; when it cannot be reached, the worker reports
	 * later (the row stays marked).
	 */
	void reportDeadToken(UUID deliveryId, com.bowwow.common.id.UserId receiver, String deviceToken) {
		try {
			this.users.reportDeadToken(receiver, deviceToken);
			this.store.tokenReported(deliveryId);
		}
		catch (UserServiceUnavailableException ex) {
			log.warn("Could not report the dead token of {} yet: {}", receiver, ex.getMessage());
		}
	}

	/**
	 * Waits (up to 20 s) for attempts in flight, e.g. test pushes answered 202 just
	 * before the stop, so that their outcomes are recorded while the outbox relay and the
	 * APNs client still run. Anything cut short stays leased and is taken over later.
	 */
	@Override
	protected void onStop() {
		int all = this.properties.concurrency();
		try {
			if (this.permits.tryAcquire(all, 20, TimeUnit.SECONDS)) {
				this.permits.release(all);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		shutdownExecutor(this.threads, Duration.ofSeconds(30));
	}

}
