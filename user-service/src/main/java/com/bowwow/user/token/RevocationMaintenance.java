package com.bowwow.user.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the Redis revocation markers saying what the tombstones say, at start-up and
 * every {@code bowwow.user.revocation-check-interval}; failures are retried next time.
 */
@Component
class RevocationMaintenance {

	private static final Logger log = LoggerFactory.getLogger(RevocationMaintenance.class);

	private final TokenRevocation revocation;

	RevocationMaintenance(TokenRevocation revocation) {
		this.revocation = revocation;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStartup() {
		run();
	}

	/**
	 * One {@code EXISTS} a second: while the markers are missing every validator refuses
	 * tokens with 503, so lost markers are rebuilt at once.
	 */
	@Scheduled(initialDelayString = "${bowwow.user.marker-poll-interval:1s}",
			fixedDelayString = "${bowwow.user.marker-poll-interval:1s}")
	void rebuildIfLost() {
		try {
			if (!this.revocation.isReady()) {
				this.revocation.check();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Revocation marker check failed (will retry): {}", ex.toString());
		}
	}

	@Scheduled(initialDelayString = "${bowwow.user.revocation-check-interval:5s}",
			fixedDelayString = "${bowwow.user.revocation-check-interval:5s}")
	void run() {
		try {
			this.revocation.check();
		}
		catch (RuntimeException ex) {
			log.warn("Revocation marker check failed (will retry): {}", ex.toString());
		}
	}

}
