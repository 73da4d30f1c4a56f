package com.bowwow.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer that was not 2xx (and every request that got no answer), counted by
 * endpoint and status. The report lists all of them; quick mode in CI requires none.
 */
public final class ErrorLog {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> shed = new ConcurrentHashMap<>();

	/**
	 * Counts a non-2xx status of {@code endpoint} (e.g.
	 * {@code gateway POST /api/v1/...}).
	 */
	public void status(String endpoint, int status) {
		add(endpoint, Integer.toString(status));
	}

	/**
	 * Counts a request that failed without an HTTP answer (timeout, connection reset).
	 */
	public void failure(String endpoint, Throwable failure) {
		add(endpoint, failure.getClass().getSimpleName());
	}

	/** Counts any other failed expectation, e.g. a WebSocket closed by the server. */
	public void add(String endpoint, String what) {
		this.counts.computeIfAbsent(endpoint + " | " + what, (key) -> new LongAdder()).increment();
	}

	/**
	 * Counts an answer that shed load ({@code 503}/{@code 429} with {@code Retry-After})
	 * during set-up, retried as the app would: not an error, but always reported.
	 */
	public void shed(String endpoint, String what) {
		this.shed.computeIfAbsent(endpoint + " | " + what, (key) -> new LongAdder()).increment();
	}

	/** {@code "endpoint | status"} to how often set-up was asked to come back later. */
	public Map<String, Long> shedSnapshot() {
		Map<String, Long> sorted = new TreeMap<>();
		this.shed.forEach((key, count) -> sorted.put(key, count.sum()));
		return sorted;
	}

	public long total() {
		return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/** {@code "endpoint | status"} to count, sorted. */
	public Map<String, Long> snapshot() {
		Map<String, Long> sorted = new TreeMap<>();
		this.counts.forEach((key, count) -> sorted.put(key, count.sum()));
		return sorted;
	}

}
