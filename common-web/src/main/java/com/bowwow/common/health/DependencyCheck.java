package com.bowwow.common.health;

/**
 * Something a service cannot work without (its database, its Redis). {@code /health}
 * answers 503 when any of them fails, so the load balancer and ECS stop sending work to
 * the task.
 */
public interface DependencyCheck {

	/** The name shown under {@code dependencies} in the health response. */
	String name();

	/**
	 * Whether the dependency answers right now; must return within a couple of seconds.
	 */
	boolean isHealthy();

}
