package com.bowwow.push.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;

/**
 * Runs in every instance: attempts pending rows that are due (retries whose backoff
 * elapsed, replays, and rows whose instance crashed mid-attempt once their lease ran
 * out), reports dead tokens user-service could not take at the time, and deletes final
 * rows past retention. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and leased,
 * so instances share the work without doing any row twice.
 */
class RetryWorker extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(RetryWorker.class);

	private static final Duration TOKEN_REPORT_GRACE = Duration.ofSeconds(30);

	private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);

	private final DeliveryStore store;

	private final DeliveryAttempts attempts;

	private final DeliveryProperties properties;

	private final Clock clock;

	private Instant nextCleanup = Instant.EPOCH;

	private Instant lastFailureLog = Instant.EPOCH;

	public RetryWorker(DeliveryStore store, DeliveryAttempts attempts, DeliveryProperties properties, Clock clock) {
		// A round in flight finishes; what it had not claimed stays due for others.
		super(LifecyclePhase.WORKERS, Duration.ofSeconds(20), OnStop.FINISH_ROUND);
		this.store = store;
		this.attempts = attempts;
		this.properties = properties;
		this.clock = clock;
	}

	/** One round; public for tests that do not want to wait for the schedule. */
	public void runOnce() {
		try {
			int claimed;
			do {
				Instant now = this.clock.instant();
				List<Delivery> due = this.store.claimDue(now, this.attempts.leaseFrom(now),
						this.properties.workerBatch());
				claimed = due.size();
				if (claimed > 0) {
					this.attempts.attemptAll(due);
				}
			}
			while (claimed == this.properties.workerBatch() && !stopRequested());
			reportDeadTokens();
			cleanUpIfDue();
		}
		catch (RuntimeException ex) {
			Instant now = this.clock.instant();
			if (now.isAfter(this.lastFailureLog.plus(Duration.ofMinutes(1)))) {
				this.lastFailureLog = now;
				log.warn("Push retry round failed, will try again: {}", ex.getMessage(), ex);
			}
		}
	}

	private void reportDeadTokens() {
		Instant now = this.clock.instant();
		for (Delivery rejected : this.store.tokenReportsDue(now.minus(TOKEN_REPORT_GRACE), 100)) {
			this.attempts.reportDeadToken(rejected.id(), rejected.receiverId(), rejected.deviceToken());
		}
	}

	private void cleanUpIfDue() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextCleanup)) {
			return;
		}
		this.nextCleanup = now.plus(CLEANUP_INTERVAL);
		int deleted;
		do {
			deleted = this.store.deleteCompletedBefore(now.minus(this.properties.retention()), 1000);
		}
		while (deleted == 1000 && !stopRequested());
		this.store.deleteErasedBefore(now.minus(this.properties.retention()));
	}

	@Override
	protected void startWork() {
		Duration interval = this.properties.workerInterval();
		every("push-retry-worker", ThreadKind.PLATFORM, interval, interval, this::runOnce);
	}

}
