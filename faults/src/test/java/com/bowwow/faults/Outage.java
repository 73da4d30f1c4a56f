package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.bowwow.devstack.DevStack;
import com.bowwow.faults.GatewayClient.Account;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outage of a shared server under traffic (scenarios 4 and 5): readers and writers run
 * before, during and after it; afterwards every answer must have been a success or a 503
 * problem with {@code Retry-After}, every service must be healthy again on its own,
 * requests must succeed again, and nothing may be half-written.
 */
final class Outage {

	private final DevStack stack;

	private final GatewayClient client;

	private final Database database;

	private final Report report;

	Outage(DevStack stack, Report report) {
		this.stack = stack;
		this.client = new GatewayClient(stack.gateway());
		this.database = new Database(stack.infrastructure());
		this.report = report;
	}

	void run(double latitude, double longitude, String injected, Runnable stop, Duration down, Runnable start)
			throws Exception {
		int readers = FaultStack.FULL ? 60 : 20;
		List<Account> users = Crowd.register(this.client, readers,
				(i) -> Crowd.offset(latitude, longitude, 0.1 + (i % 5) * 0.2, i * 41));
		Traffic traffic = new Traffic(this.client, users, latitude, longitude);
		Writers writers = new Writers(this.client, latitude, longitude, FaultStack.FULL ? 4 : 2);
		Thread.sleep(5000);
		Instant stoppedAt = Instant.now();
		stop.run();
		Thread.sleep(down);
		Instant restartedAt = Instant.now();
		start.run();
		Duration healthyAfter = FaultStack.awaitAllHealthy(this.stack, Duration.ofSeconds(180));
		// Recovered when ten seconds in a row saw only successes (at most two minutes).
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline)) {
			Instant lastFailure = latest(traffic.lastFailure(),
					writers.outcomes()
						.stream()
						.filter((o) -> o.status() < 200 || o.status() >= 300)
						.map(Traffic.Outcome::at)
						.max(Instant::compareTo)
						.orElse(null));
			if (lastFailure == null || Duration.between(lastFailure, Instant.now()).toSeconds() >= 10) {
				break;
			}
			Thread.sleep(1000);
		}
		Instant lastFailure = latest(traffic.lastFailure(),
				writers.outcomes()
					.stream()
					.filter((o) -> o.status() < 200 || o.status() >= 300)
					.map(Traffic.Outcome::at)
					.max(Instant::compareTo)
					.orElse(null));
		traffic.close();
		writers.close();

		List<Traffic.Outcome> all = new ArrayList<>(traffic.outcomes());
		all.addAll(writers.outcomes());
		Map<String, Long> statuses = new TreeMap<>();
		all.forEach((o) -> statuses.merge(o.request() + " " + o.status(), 1L, Long::sum));
		List<Traffic.Outcome> unacceptable = all.stream()
			.filter((o) -> !(o.status() >= 200 && o.status() < 300))
			.filter((o) -> !o.acceptableFailure())
			.toList();
		Map<String, Long> unacceptableByKind = new TreeMap<>();
		unacceptable.forEach((o) -> unacceptableByKind.merge(o.request() + " " + o.status(), 1L, Long::sum));

		// Nothing half-written: an account answered 201 works, a signal answered 201
		// exists, a signal refused with 503 did not use up its sender's hour.
		List<String> brokenAccounts = new ArrayList<>();
		List<String> missingSignals = new ArrayList<>();
		List<String> stuckSenders = new ArrayList<>();
		int resent = 0;
		for (Writers.Attempt attempt : writers.attempts()) {
			if (attempt.account() == null) {
				continue;
			}
			Account account = attempt.account();
			HttpResponse<String> self = this.client.send("GET", "/api/v1/users/" + account.userId(), account, null);
			if (self.statusCode() != 200 || this.database
				.count("select count(*) from user_service.users where id = ?::uuid", account.userId()) != 1) {
				brokenAccounts.add(account.userId() + " " + self.statusCode());
			}
			if (attempt.signalId() != null && this.database
				.count("select count(*) from signal_service.signals where id = ?::uuid", attempt.signalId()) != 1) {
				missingSignals.add(attempt.signalId());
			}
			if (attempt.moved() >= 200 && attempt.moved() < 300 && attempt.signalled() != 201) {
				resent++;
				double[] at = { 0, 0 };
				HttpResponse<String> again = this.client.sendSignal(account, latitude, longitude, 1.0);
				if (again.statusCode() != 201) {
					stuckSenders.add(account.userId() + " " + again.statusCode() + " " + again.body());
				}
			}
		}
		long registered = writers.attempts().stream().filter((a) -> a.account() != null).count();
		this.report.put("injected", injected + " for " + down.toSeconds() + " s")
			.put("traffic", users.size() + " phones moving, asking nearby and reading their account (~5 req/s); "
					+ writers.attempts().size() + " register+move+signal attempts (" + registered + " registered)")
			.put("answers", statuses)
			.put("recovery", String.format(
					"all services healthy %.1f s after the server returned; last failed request %s s after it returned",
					healthyAfter.toMillis() / 1000.0,
					(lastFailure == null) ? "-"
							: String.format("%.1f", Duration.between(restartedAt, lastFailure).toMillis() / 1000.0)))
			.put("checked",
					"only 2xx or 503 problem+json with Retry-After; every service healthy by itself; 10 s "
							+ "of successes; accounts answered 201 work; signals answered 201 exist; " + resent
							+ " senders whose signal failed can send again")
			.put("lost",
					"unacceptable answers: " + unacceptableByKind + "; broken accounts: " + brokenAccounts.size()
							+ ", missing signals: " + missingSignals.size() + ", senders stuck in cool-down: "
							+ stuckSenders.size())
			.print();
		assertThat(unacceptable)
			.as("answers other than success or 503 with Retry-After: %s", Traffic.sample(unacceptable))
			.isEmpty();
		assertThat(lastFailure == null || Duration.between(lastFailure, Instant.now()).toSeconds() >= 10)
			.as("requests succeed again after the outage")
			.isTrue();
		assertThat(brokenAccounts).as("accounts answered 201 that do not work").isEmpty();
		assertThat(missingSignals).as("signals answered 201 that do not exist").isEmpty();
		assertThat(stuckSenders).as("senders whose failed signal used up their hour").isEmpty();
	}

	private static Instant latest(Instant a, Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

}
