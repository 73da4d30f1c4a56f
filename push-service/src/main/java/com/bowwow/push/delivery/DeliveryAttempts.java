package com.bowwow.push.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import com.bowwow.push.api.PushEvents.Outcome;
import com.bowwow.push.api.PushEvents.PushOutcome;
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
 * hands it to APNs and records what happened. A final outcome and its {@code PushOutcome}
 * event commit together; a transient failure schedules the next try instead. Attempts run
 * on virtual threads, at most {@code concurrency} at a time.
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
	 * recorded (final, or a retry scheduled).
	 * @throws IllegalStateException when some outcome could not be recorded (the rows
	 * stay leased and are retried by the worker after the lease)
	 */
	public void attemptAll(List<Delivery> deliveries) {
		// One call to user-service for the whole batch, not one per receiver.
		Function<UserId, Optional<PushTarget>> targets;
		try {
			Map<UserId, PushTarget> found = this.users
				.pushTargets(deliveries.stream().map(Delivery::receiverId).toList());
			targets = (receiver) -> Optional.ofNullable(found.get(receiver));
		}
		catch (UserServiceUnavailableException ex) {
			// each attempt records it as a transient failure and is retried later
			targets = (receiver) -> {
				throw ex;
			};
		}
		List<CompletableFuture<Void>> running = new ArrayList<>(deliveries.size());
		for (Delivery delivery : deliveries) {
			running.add(submit(delivery, targets));
		}
		RuntimeException failure = null;
		for (CompletableFuture<Void> attempt : running) {
			try {
				attempt.get(attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while attempting pushes", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				if (failure == null) {
					failure = new IllegalStateException("Could not record a push outcome: " + cause.getMessage(),
							cause);
				}
				else {
					failure.addSuppressed(cause);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Attempts one row in the background. */
	public CompletableFuture<Void> submit(Delivery delivery) {
		return submit(delivery, this.users::pushTarget);
	}

	private CompletableFuture<Void> submit(Delivery delivery, Function<UserId, Optional<PushTarget>> targets) {
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CompletableFuture.failedFuture(ex);
		}
		try {
			return CompletableFuture.runAsync(() -> {
				try {
					attempt(delivery, targets);
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

	/** One attempt of one leased row. */
	void attempt(Delivery delivery) {
		attempt(delivery, this.users::pushTarget);
	}

	private void attempt(Delivery delivery, Function<UserId, Optional<PushTarget>> targets) {
		Instant now = this.clock.instant();
		if (now.isAfter(delivery.expiresAt())) {
			if (delivery.attempts() == 0) {
				finish(delivery, DeliveryStatus.SKIPPED, "expired", null, null, null, null, false, 0);
			}
			else {
				// It failed before and ran out of time: keep it visible, not silently
				// gone.
				finish(delivery, DeliveryStatus.DEAD_LETTERED, "expired", null, null, null, null, false,
						delivery.attempts());
			}
			return;
		}
		Optional<PushTarget> target;
		try {
			target = targets.apply(delivery.receiverId());
		}
		catch (UserServiceUnavailableException ex) {
			failed(delivery, "user_service_unavailable", ex.getMessage(), null);
			return;
		}
		if (target.isEmpty()) {
			finish(delivery, DeliveryStatus.SKIPPED, "deleted", null, null, null, null, false, delivery.attempts());
			return;
		}
		PushTarget receiver = target.get();
		String skip = receiver.skipReason();
		if (skip != null) {
			finish(delivery, DeliveryStatus.SKIPPED, skip, null, null, receiver.distanceUnit().wireName(), null, false,
					delivery.attempts());
			return;
		}
		if (!delivery.isTest()) {
			String unsafe;
			try {
				unsafe = safetySkipReason(delivery);
			}
			catch (DataAccessException ex) {
				// Fail closed: never push unchecked; try again later.
				failed(delivery, "safety_unavailable", "Safety read model unavailable: " + ex.getMessage(), null);
				return;
			}
			if (unsafe != null) {
				finish(delivery, DeliveryStatus.SKIPPED, unsafe, null, null, receiver.distanceUnit().wireName(), null,
						false, delivery.attempts());
				return;
			}
		}
		PushMessage message = message(delivery, receiver);
		SendResult result = this.sender.send(message).join();
		int attempts = delivery.attempts() + 1;
		String unit = receiver.distanceUnit().wireName();
		switch (result) {
			case SendResult.Accepted accepted -> finish(delivery, DeliveryStatus.SENT, null, null,
					receiver.deviceToken(), unit, accepted.apnsId(), false, attempts);
			case SendResult.Rejected rejected when rejected.deadToken() -> {
				if (finish(delivery, DeliveryStatus.REJECTED, rejected.reasonOrStatus(), null, receiver.deviceToken(),
						unit, null, true, attempts)) {
					reportDeadToken(delivery.id(), delivery.receiverId(), receiver.deviceToken());
				}
			}
			case SendResult.Rejected rejected when rejected.isTransient() -> failed(delivery, rejected.reasonOrStatus(),
					"APNs " + rejected.status() + " " + rejected.reasonOrStatus(), receiver.deviceToken());
			// Not the token's fault and not going away by itself (our configuration or
			// payload): an operator fixes the cause and replays it.
			case SendResult.Rejected rejected -> finish(delivery, DeliveryStatus.DEAD_LETTERED,
					rejected.reasonOrStatus(), "APNs " + rejected.status() + " " + rejected.reasonOrStatus(),
					receiver.deviceToken(), unit, null, false, attempts);
			case SendResult.Failed failed ->
				failed(delivery, "apns_unreachable", failed.error(), receiver.deviceToken());
		}
	}

	/**
	 * Checked right before sending, not when the arrival was delivered: a receipt written
	 * just before a block or suspension must not become a push after it.
	 * @return {@code suspended} when either user is suspended, {@code blocked} when a
	 * block stands between them (either way), {@code deleted} when the sender has just
	 * deleted their account (the receiver's push target is gone with theirs), otherwise
	 * null
	 */
	private String safetySkipReason(Delivery delivery) {
		if (delivery.senderId() == null) {
			return this.safety.isSuspended(delivery.receiverId()) ? "suspended" : null;
		}
		if (!this.safety.suspendedAmong(List.of(delivery.receiverId(), delivery.senderId())).isEmpty()) {
			return "suspended";
		}
		// one round trip: blocked either way, suspended (ruled out above) or deleted
		if (this.safety.hiddenFrom(delivery.receiverId(), List.of(delivery.senderId())).isEmpty()) {
			return null;
		}
		return this.safety.blockedBetween(delivery.senderId(), delivery.receiverId()) ? "blocked" : "deleted";
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
	private void failed(Delivery delivery, String reason, String error, String deviceToken) {
		int attempts = delivery.attempts() + 1;
		Instant now = this.clock.instant();
		if (attempts >= this.properties.maxAttempts()) {
			finish(delivery, DeliveryStatus.DEAD_LETTERED, reason, error, deviceToken, null, null, false, attempts);
			return;
		}
		Instant next = now.plus(this.backoff.delay(attempts, ThreadLocalRandom.current()));
		if (this.store.scheduleRetry(delivery, error, deviceToken, next, now)) {
			this.metrics.retried();
			log.debug("Push {} attempt {} failed ({}), next try at {}", delivery.id(), attempts, error, next);
		}
	}

	/**
	 * Records a final outcome and its event in one transaction.
	 * @return whether this attempt still owned the row (and so recorded it)
	 */
	private boolean finish(Delivery delivery, DeliveryStatus status, String reason, String error, String deviceToken,
			String unit, UUID apnsId, boolean reportTokenDead, int attempts) {
		Instant now = this.clock.instant();
		Boolean recorded = this.transactions.execute((tx) -> {
			if (!this.store.complete(delivery, status, reason, error, deviceToken, unit, apnsId, reportTokenDead,
					attempts, now)) {
				return false;
			}
			this.outbox.publish(new PushOutcome(UUID.randomUUID(), delivery.signalId(), delivery.receiverId(),
					delivery.kind(), Outcome.valueOf(status.name()), reason, attempts, now));
			return true;
		});
		if (!Boolean.TRUE.equals(recorded)) {
			log.info("Push {} was taken over by another attempt; its outcome stands", delivery.id());
			return false;
		}
		switch (status) {
			case SENT -> this.metrics.sent();
			case REJECTED -> this.metrics.rejected(reason);
			case SKIPPED -> this.metrics.skipped(reason);
			case DEAD_LETTERED -> {
				this.metrics.deadLettered();
				if (error != null && error.startsWith("APNs ")) {
					this.metrics.rejected(reason);
				}
				log.warn("Push {} to {} dead-lettered after {} attempts: {} ({})", delivery.id(), delivery.receiverId(),
						attempts, reason, error);
			}
			case PENDING -> throw new IllegalArgumentException("not a final status");
		}
		return true;
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
