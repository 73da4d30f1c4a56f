package com.bowwow.user.safety;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety feature's background work on every instance: rebuild the Redis read model
 * when it is missing (at start-up and every {@code model-check-interval}), and lift
 * suspensions whose end has passed. Failures (Redis or PostgreSQL down) are logged and
 * retried on the next run.
 */
@Component
class SafetyMaintenance {

	private static final Logger log = LoggerFactory.getLogger(SafetyMaintenance.class);

	private final SafetyModel model;

	private final Suspensions suspensions;

	SafetyMaintenance(SafetyModel model, Suspensions suspensions) {
		this.model = model;
		this.suspensions = suspensions;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStartup() {
		run();
	}

	/**
	 * One {@code EXISTS} a second: while the model is missing every validator refuses
	 * tokens with 503 (it cannot tell who is suspended), so a lost model is rebuilt at
	 * once.
	 */
	@Scheduled(initialDelayString = "${bowwow.user.marker-poll-interval:1s}",
			fixedDelayString = "${bowwow.user.marker-poll-interval:1s}")
	void rebuildIfLost() {
		try {
			this.model.rebuildIfNeeded();
		}
		catch (RuntimeException ex) {
			log.warn("Safety read model check failed (will retry): {}", ex.toString());
		}
	}

	@Scheduled(initialDelayString = "${bowwow.user.safety.model-check-interval:5s}",
			fixedDelayString = "${bowwow.user.safety.model-check-interval:5s}")
	void run() {
		rebuildIfLost();
		try {
			int lifted = this.suspensions.liftExpired();
			if (lifted > 0) {
				log.info("Lifted {} suspensions that reached their end", lifted);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Lifting ended suspensions failed (will retry): {}", ex.toString());
		}
	}

}
