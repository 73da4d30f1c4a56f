package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.bowwow.devstack.DevStack;
import com.bowwow.faults.GatewayClient.Account;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 7: {@code kill -9} of user-service while accounts are being deleted. Whatever
 * step each deletion had reached (not started, committed, revocation written), the
 * retried DELETE completes; afterwards the account's token is refused and the account is
 * gone from user-service's table and from everyone's nearby list.
 */
@Order(1)
@ExtendWith(FaultStack.class)
class UserDeletionCrashIT {

	private static final double LATITUDE = 40.7300;

	private static final double LONGITUDE = -73.9900;

	@Test
	void aRetriedDeletionCompletesAfterACrash() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 7: kill -9 user-service during account deletion");
		int count = FaultStack.FULL ? 200 : 40;
		List<Account> doomed = Crowd.register(client, count,
				(i) -> Crowd.offset(LATITUDE, LONGITUDE, 0.2 + (i % 10) * 0.05, i * 37));
		Account observer = client.register("mile");
		client.moveTo(observer, LATITUDE, LONGITUDE);

		// Every deletion at once; user-service dies once a few have been answered, so
		// the rest are at every stage from queued to half done.
		Map<String, String> firstOutcome = new ConcurrentHashMap<>();
		AtomicInteger answered = new AtomicInteger();
		List<CompletableFuture<Void>> deletions = new ArrayList<>();
		for (Account account : doomed) {
			deletions.add(CompletableFuture.runAsync(() -> {
				try {
					HttpResponse<String> response = client.send("DELETE", "/api/v1/users/" + account.userId(), account,
							null);
					firstOutcome.put(account.userId(), Integer.toString(response.statusCode()));
					if (response.statusCode() == 204) {
						answered.incrementAndGet();
					}
				}
				catch (Exception ex) {
					firstOutcome.put(account.userId(), ex.getClass().getSimpleName());
				}
			}, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
		}
		// user-service dies as soon as the first deletion is committed: the others are at
		// every stage from queued to committed-but-not-yet-revoked.
		java.util.UUID[] ids = doomed.stream()
			.map((a) -> java.util.UUID.fromString(a.userId()))
			.toArray(java.util.UUID[]::new);
		Instant waitFrom = Instant.now();
		while (database.count("select count(*) from user_service.users where id = any(?)", (Object) ids) == count
				&& Duration.between(waitFrom, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0) {
			Thread.onSpinWait();
		}
		int answeredBeforeKill = answered.get();
		stack.kill("user-service");
		long committedAtKill = count
				- database.count("select count(*) from user_service.users where id = any(?)", (Object) ids);
		CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).join();
		long restartFrom = System.nanoTime();
		stack.restart("user-service");
		double restartSeconds = (System.nanoTime() - restartFrom) / 1e9;

		// The client retries whatever did not end in 204, with the same token, as the
		// app would.
		Map<String, String> retried = new ConcurrentHashMap<>();
		List<Callable<Void>> retries = new ArrayList<>();
		for (Account account : doomed) {
			if ("204".equals(firstOutcome.get(account.userId()))) {
				continue;
			}
			retries.add(() -> {
				Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
				while (true) {
					HttpResponse<String> response = client.send("DELETE", "/api/v1/users/" + account.userId(), account,
							null);
					if (response.statusCode() != 503 || Instant.now().isAfter(deadline)) {
						retried.put(account.userId(), response.statusCode() + " " + response.body());
						return null;
					}
					Thread.sleep(1000);
				}
			});
		}
		Crowd.inParallel(8, retries);

		Map<String, Long> firstCounts = new TreeMap<>();
		firstOutcome.values().forEach((o) -> firstCounts.merge(o, 1L, Long::sum));
		Map<String, Long> retryCounts = new TreeMap<>();
		retried.values().forEach((o) -> retryCounts.merge(o.substring(0, 3), 1L, Long::sum));
		List<String> stillThere = new ArrayList<>();
		List<String> tokenAccepted = new ArrayList<>();
		for (Account account : doomed) {
			if (database.count("select count(*) from user_service.users where id = ?::uuid", account.userId()) > 0) {
				stillThere.add(account.userId());
			}
			if (client.send("GET", "/api/v1/users/" + account.userId(), account, null).statusCode() != 401) {
				tokenAccepted.add(account.userId());
			}
		}
		// Other services learn of the deletion through events: nobody shows them nearby.
		List<String> doomedIds = doomed.stream().map(Account::userId).toList();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		List<String> visible;
		while (true) {
			visible = client.nearby(observer)
				.stream()
				.map((e) -> String.valueOf(e.get("userID")))
				.filter(doomedIds::contains)
				.toList();
			if (visible.isEmpty() || Instant.now().isAfter(deadline)) {
				break;
			}
			Thread.sleep(500);
		}
		report
			.put("injected",
					"kill -9 user-service as soon as the first of " + count + " concurrent DELETEs was committed ("
							+ committedAtKill + " committed, " + answeredBeforeKill
							+ " answered 204 by then); restarted in " + String.format("%.1f s", restartSeconds))
			.put("traffic",
					count + " account deletions (first answers " + firstCounts + "), " + retries.size()
							+ " retried (answers " + retryCounts + ")")
			.put("checked",
					"retried DELETE completes (204, or 401 when the first one had finished), the token "
							+ "is refused, no row in user_service.users, not in anyone's nearby list")
			.put("lost",
					"accounts left behind: " + stillThere.size() + ", tokens still accepted: " + tokenAccepted.size()
							+ ", still visible nearby: " + visible.size())
			.print();
		assertThat(retried.values()).as("retried deletions")
			.allSatisfy((answer) -> assertThat(answer).matches("^(204|401) .*"));
		assertThat(stillThere).as("accounts that survived their deletion").isEmpty();
		assertThat(tokenAccepted).as("deleted accounts whose token is still accepted").isEmpty();
		assertThat(visible).as("deleted users still shown nearby").isEmpty();
	}

}
