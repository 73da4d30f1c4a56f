package com.bowwow.common.health;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.common.lifecycle.PhasedLifecycle;

/**
 * The first thing that stops ({@link LifecyclePhase#DRAIN}): the service declares itself
 * not ready ({@code /readyz} and {@code /health} answer 503) and keeps serving for
 * {@code bowwow.shutdown.drain-delay}, so that whoever routes to it (the ALB, the
 * gateway's Cloud Map DNS cache) stops before the web server's graceful shutdown refuses
 * new requests. Zero locally: nothing routes to a laptop's process.
 */
public class ShutdownDrain extends PhasedLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final ApplicationContext context;

	private final Duration delay;

	public ShutdownDrain(ApplicationContext context, Duration delay) {
		super(LifecyclePhase.DRAIN);
		this.context = context;
		this.delay = delay;
	}

	@Override
	protected void onStop() {
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

}
