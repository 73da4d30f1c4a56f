package com.bowwow.common.health;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing that stops: the service declares itself not ready ({@code /readyz} and
 * {@code /health} answer 503) and keeps serving for {@code bowwow.shutdown.drain-delay},
 * so that whoever routes to it (the ALB, the gateway's Cloud Map DNS cache) stops before
 * the web server's graceful shutdown refuses new requests. Zero locally: nothing routes
 * to a laptop's process.
 */
public class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final ApplicationContext context;

	private final Duration delay;

	private volatile boolean running;

	public ShutdownDrain(ApplicationContext context, Duration delay) {
		this.context = context;
		this.delay = delay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		if (this.delay.isZero() || this.delay.isNegative()) {
			return;
		}
		log.info("Draining: not ready, still serving for {} s before shutting down", this.delay.toSeconds());
		try {
			Thread.sleep(this.delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before everything else, the web server's graceful shutdown included. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
