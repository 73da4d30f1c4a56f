package com.bowwow.common.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * The phases of a stopping service, in the order they stop (Spring stops the highest
 * phase first and starts in the opposite order). On {@code SIGTERM} traffic moves away
 * first, then the service stops taking new work, then the web server finishes the
 * requests in flight, then the work already handed out finishes, then what that work
 * committed is relayed, and the clients everything above used go last.
 */
public enum LifecyclePhase {

	/**
	 * Not ready any more but still serving, for the drain delay, so that the load
	 * balancer and the gateway move away before anything else stops.
	 */
	DRAIN(SmartLifecycle.DEFAULT_PHASE),

	/**
	 * Long-lived connections (WebSocket streams) close with 1001 so that clients
	 * reconnect elsewhere: after the drain (a reconnect must not land here again), before
	 * the web server (a socket torn down with it loses the close frame).
	 */
	CONNECTIONS(SmartLifecycle.DEFAULT_PHASE - 1),

	/**
	 * Event consumers stop reading; what they had not acknowledged stays pending for the
	 * other instances of their group.
	 */
	CONSUMERS(SmartLifecycle.DEFAULT_PHASE - 2),

	/**
	 * Workers that claim work from the database (retries, wave arrivals) finish their
	 * round and give back what they hold, for the other instances.
	 */
	WORKERS(SmartLifecycle.DEFAULT_PHASE - 3),

	/**
	 * Spring Boot's graceful shutdown of the web server (its own bean, listed here for
	 * the order): requests in flight finish, new ones are refused.
	 */
	WEB_SERVER(SmartLifecycle.DEFAULT_PHASE - 1024),

	/**
	 * Work already accepted (push attempts answered 202 or taken from a stream) records
	 * its outcome, which needs the relay and the clients below.
	 */
	IN_FLIGHT(SmartLifecycle.DEFAULT_PHASE - 3072),

	/** The outbox relay publishes what everything above committed. */
	RELAY(SmartLifecycle.DEFAULT_PHASE - 4096),

	/** Outbound clients (APNs) that the work above used, closed once it is done. */
	CLIENTS(SmartLifecycle.DEFAULT_PHASE - 8192);

	private final int value;

	LifecyclePhase(int value) {
		this.value = value;
	}

	/** The number {@link SmartLifecycle#getPhase()} answers. */
	public int value() {
		return this.value;
	}

}
