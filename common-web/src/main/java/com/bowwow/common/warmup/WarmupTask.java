package com.bowwow.common.warmup;

/**
 * One request path a service warms before it reports ready ({@link Warmup}): a path run
 * too rarely to be compiled by the time it matters (a signal's audience read runs once or
 * a few times per wave), with work large enough that running it interpreted shows.
 * <p>
 * A round must run the same code as the real path, on the real PostgreSQL and Redis, and
 * leave nothing behind: scratch keys it deletes, writes it rolls back.
 */
public interface WarmupTask {

	/** A short name for the log, e.g. {@code audience-read}. */
	String name();

	/**
	 * Runs the path once.
	 * @return how many items (receivers, positions) the round went through; the log shows
	 * it, and a test can tell a round that did nothing from one that did
	 */
	int round();

	/**
	 * Called once after the last round (or a failed one): deletes what the rounds kept
	 * between them.
	 */
	default void finish() {
	}

}
