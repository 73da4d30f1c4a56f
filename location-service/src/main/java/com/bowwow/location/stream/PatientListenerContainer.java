package com.bowwow.location.stream;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * A listener container that does not stop the service when Redis is slow or not there yet
 * at start-up (the plain one throws out of {@code start()} after a 2 s connection
 * attempt, and the application exits): it keeps trying in the background, a little longer
 * between attempts each time, until it has subscribed. Once subscribed, the container's
 * own recovery handles lost connections.
 */
class PatientListenerContainer extends RedisMessageListenerContainer {

	private static final Logger log = LoggerFactory.getLogger(PatientListenerContainer.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(500);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

	private volatile boolean wanted;

	private volatile boolean subscribed;

	@Override
	public void start() {
		this.wanted = true;
		if (!tryStart()) {
			Thread.ofVirtual().name("stream-subscriber-retry").start(this::keepTrying);
		}
	}

	@Override
	public void stop() {
		this.wanted = false;
		super.stop();
	}

	/** Whether the subscription to the stream channels is in place. */
	boolean isSubscribed() {
		return this.subscribed && isListening();
	}

	private void keepTrying() {
		Duration wait = FIRST_RETRY;
		while (this.wanted && !this.subscribed) {
			try {
				Thread.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.wanted && !tryStart()) {
				wait = (wait.compareTo(LONGEST_RETRY.dividedBy(2)) < 0) ? wait.multipliedBy(2) : LONGEST_RETRY;
			}
		}
	}

	private synchronized boolean tryStart() {
		try {
			super.start();
			this.subscribed = true;
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Stream channels not subscribed yet ({}); retrying in the background", ex.toString());
			// Back to "not started", so that the next attempt subscribes again.
			super.stop();
			return false;
		}
	}

}
