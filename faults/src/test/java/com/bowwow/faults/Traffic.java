package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bowwow.faults.GatewayClient.Account;

/**
 * Phones using the app while a fault is injected: each worker moves one of the users a
 * little, asks who is nearby and reads the account, about twice a second, and every
 * answer is recorded. Users stay well under the gateway's per-user limit.
 */
final class Traffic implements AutoCloseable {

	/** One answer (status 0: no answer at all within the client's timeout). */
	record Outcome(Instant at, String request, int status, boolean retryAfter, boolean problem, String detail) {

		boolean acceptableFailure() {
			return this.status == 503 && this.retryAfter && this.problem;
		}

	}

	private final GatewayClient client;

	private final List<Account> users;

	private final double latitude;

	private final double longitude;

	private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	Traffic(GatewayClient client, List<Account> users, double latitude, double longitude) {
		this.client = client;
		this.users = users;
		this.latitude = latitude;
		this.longitude = longitude;
		for (int i = 0; i < users.size(); i++) {
			Account user = users.get(i);
			this.workers.submit(() -> work(user));
		}
	}

	private void work(Account user) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int step = 0;
		while (this.running.get()) {
			try {
				switch (step++ % 3) {
					case 0 -> record("POST /locations/update",
							this.client.report(user, this.latitude + random.nextDouble(-0.01, 0.01),
									this.longitude + random.nextDouble(-0.01, 0.01), Instant.now()));
					case 1 -> record("GET /locations/nearby",
							this.client.send("GET", "/api/v1/locations/nearby/" + user.userId(), user, null));
					default -> record("GET /users/{id}",
							this.client.send("GET", "/api/v1/users/" + user.userId(), user, null));
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (Exception ex) {
				this.outcomes.add(new Outcome(Instant.now(), "step " + step, 0, false, false, ex.toString()));
			}
			try {
				Thread.sleep(400 + random.nextInt(200));
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void record(String request, HttpResponse<String> response) {
		boolean problem = response.headers()
			.firstValue("Content-Type")
			.map((type) -> type.startsWith("application/problem+json"))
			.orElse(false);
		String body = response.body();
		this.outcomes.add(new Outcome(Instant.now(), request, response.statusCode(),
				response.headers().firstValue("Retry-After").isPresent(), problem,
				(response.statusCode() >= 400) ? body.substring(0, Math.min(200, body.length())) : ""));
	}

	List<Outcome> outcomes() {
		return List.copyOf(this.outcomes);
	}

	/** Status counts, e.g. {200=812, 503=40}. */
	Map<Integer, Long> statuses() {
		Map<Integer, Long> counts = new TreeMap<>();
		this.outcomes.forEach((o) -> counts.merge(o.status(), 1L, Long::sum));
		return counts;
	}

	/** Answers other than a success or a 503 problem with Retry-After. */
	List<Outcome> unacceptable() {
		return this.outcomes.stream()
			.filter((o) -> !(o.status() >= 200 && o.status() < 300))
			.filter((o) -> !o.acceptableFailure())
			.toList();
	}

	/** The requests answered since {@code from}: how many, and how many succeeded. */
	long[] since(Instant from) {
		List<Outcome> later = this.outcomes.stream().filter((o) -> o.at().isAfter(from)).toList();
		return new long[] { later.size(), later.stream().filter((o) -> o.status() >= 200 && o.status() < 300).count() };
	}

	/** When the last failure was answered (or null). */
	Instant lastFailure() {
		return this.outcomes.stream()
			.filter((o) -> o.status() < 200 || o.status() >= 300)
			.map(Outcome::at)
			.max(Instant::compareTo)
			.orElse(null);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.workers.shutdown();
		this.workers.awaitTermination(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
	}

	/** The first few answers that break the rule, for a failure message. */
	static String sample(List<Outcome> outcomes) {
		return outcomes.stream().limit(10).map(Outcome::toString).toList().toString();
	}

}
