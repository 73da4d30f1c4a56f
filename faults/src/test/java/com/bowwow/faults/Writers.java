package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bowwow.faults.GatewayClient.Account;

/**
 * Writes that span several stores while a fault is injected: a new phone registers
 * (user-service's table, its outbox, token issue), reports its position and sends a
 * signal (cool-down, the signal, its wave). Each answer is recorded with the account, so
 * that the check afterwards can tell whether anything was half-written: an account that
 * was answered 201 must work, a signal answered 201 must exist, and a sender whose signal
 * failed must be able to send it once the fault is over.
 */
final class Writers implements AutoCloseable {

	/** One phone's attempt: the account (null if registration failed) and the answers. */
	record Attempt(Instant at, Account account, int registered, int moved, int signalled, String signalId,
			Traffic.Outcome failure) {
	}

	private final GatewayClient client;

	private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Traffic.Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	Writers(GatewayClient client, double latitude, double longitude, int parallel) {
		this.client = client;
		for (int i = 0; i < parallel; i++) {
			int worker = i;
			this.workers.submit(() -> {
				int n = 0;
				while (this.running.get()) {
					attempt(Crowd.offset(latitude, longitude, 1 + (n++ % 7), worker * 53 + n * 11));
					try {
						Thread.sleep(300);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
	}

	private void attempt(double[] at) {
		Account account = null;
		int registered = 0;
		int moved = 0;
		int signalled = 0;
		String signalId = null;
		try {
			HttpResponse<String> register = this.client.send("POST", "/api/v1/users/register", (String) null,
					"{\"deviceToken\":\"" + GatewayClient.randomDeviceToken()
							+ "\",\"settings\":{\"isOffline\":false,\"distanceUnit\":\"mile\"}}");
			registered = record("POST /users/register", register);
			if (registered == 201) {
				java.util.Map<?, ?> body = this.client.read(register);
				account = new Account((String) body.get("userID"), (String) body.get("accessToken"));
				moved = record("POST /locations/update", this.client.report(account, at[0], at[1], Instant.now()));
				if (moved >= 200 && moved < 300) {
					HttpResponse<String> signal = this.client.sendSignal(account, at[0], at[1], 1.0);
					signalled = record("POST /signals", signal);
					if (signalled == 201) {
						signalId = (String) this.client.read(signal).get("signalID");
					}
				}
			}
		}
		catch (Exception ex) {
			this.outcomes.add(new Traffic.Outcome(Instant.now(), "writer", 0, false, false, ex.toString()));
		}
		this.attempts.add(new Attempt(Instant.now(), account, registered, moved, signalled, signalId, null));
	}

	private int record(String request, HttpResponse<String> response) {
		boolean problem = response.headers()
			.firstValue("Content-Type")
			.map((type) -> type.startsWith("application/problem+json"))
			.orElse(false);
		String body = response.body();
		this.outcomes.add(new Traffic.Outcome(Instant.now(), request, response.statusCode(),
				response.headers().firstValue("Retry-After").isPresent(), problem,
				(response.statusCode() >= 400) ? body.substring(0, Math.min(200, body.length())) : ""));
		return response.statusCode();
	}

	List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	List<Traffic.Outcome> outcomes() {
		return List.copyOf(this.outcomes);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.workers.shutdown();
		this.workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
	}

}
