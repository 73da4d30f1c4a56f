package com.bowwow.e2e;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.bowwow.common.id.UserId;
import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public endpoint that exists, through the gateway, with every kind of credential a
 * client could present: only the user's own valid token gets through, another user's gets
 * 403, and anything else 401, always as a problem.
 */
@ExtendWith(StackExtension.class)
class AuthorizationMatrixIT {

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	/** A request on behalf of {@code self}: method, path and body. */
	private record Call(String name, String method, Function<String, String> path, Function<String, String> body,
			int ownStatus) {
	}

	private static final List<Call> CALLS = List.of(
			new Call("read user", "GET", (self) -> "/api/v1/users/" + self, (self) -> null, 200),
			new Call("update settings", "PUT", (self) -> "/api/v1/users/" + self + "/settings",
					(self) -> "{\"isOffline\":false,\"distanceUnit\":\"mile\"}", 200),
			new Call("update location", "POST", (self) -> "/api/v1/locations/update",
					(self) -> "{\"userID\":\"" + self
							+ "\",\"location\":{\"latitude\":37.78,\"longitude\":-122.41,\"timestamp\":\""
							+ Instant.now() + "\"}}",
					200),
			new Call("nearby", "GET", (self) -> "/api/v1/locations/nearby/" + self, (self) -> null, 200),
			new Call("send signal", "POST", (self) -> "/api/v1/signals",
					(self) -> "{\"senderID\":\"" + self + "\",\"location\":{\"latitude\":37.78,\"longitude\":-122.41}}",
					201),
			new Call("received signals", "GET", (self) -> "/api/v1/signals/received/" + self, (self) -> null, 200),
			new Call("sent signals", "GET", (self) -> "/api/v1/signals/sent/" + self, (self) -> null, 200),
			new Call("list blocks", "GET", (self) -> "/api/v1/users/" + self + "/blocks", (self) -> null, 200),
			new Call("unblock", "DELETE", (self) -> "/api/v1/users/" + self + "/blocks/" + UUID.randomUUID(),
					(self) -> null, 204));

	@Test
	void onlyTheOwnersValidTokenGetsThrough() throws Exception {
		Account owner = this.client.register("mile");
		Account other = this.client.register("mile");
		UserId ownerId = UserId.parse(owner.userId());
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("no token", null);
		refused.put("malformed token", TestTokens.malformed());
		refused.put("expired token", TestTokens.expired(ownerId));
		refused.put("token signed by an unknown key", TestTokens.signedByUnknownKey(ownerId));
		refused.put("operator-style secret", "operator-" + UUID.randomUUID());

		List<String> failures = new ArrayList<>();
		for (Call call : CALLS) {
			String path = call.path().apply(owner.userId());
			String body = call.body().apply(owner.userId());
			for (Map.Entry<String, String> credential : refused.entrySet()) {
				Account presenting = (credential.getValue() != null)
						? new Account(owner.userId(), credential.getValue()) : null;
				expect(failures, call.name() + " with " + credential.getKey(),
						this.client.send(call.method(), path, presenting, body), 401, "UNAUTHORIZED");
			}
			expect(failures, call.name() + " with another user's token",
					this.client.send(call.method(), path, other, body), 403, "FORBIDDEN");
			HttpResponse<String> own = this.client.send(call.method(), path, owner, body);
			if (own.statusCode() != call.ownStatus()) {
				failures.add(call.name() + " with the own token: " + own.statusCode() + " " + own.body());
			}
		}
		HttpResponse<String> respond = this.client.send("POST", "/api/v1/signals/" + UUID.randomUUID() + "/respond",
				owner, null);
		expect(failures, "respond to an unknown signal with the own token", respond, 404, "SIGNAL_NOT_FOUND");
		expect(failures, "respond without a token",
				this.client.send("POST", "/api/v1/signals/" + UUID.randomUUID() + "/respond", (String) null, null), 401,
				"UNAUTHORIZED");
		expect(failures, "delete another user",
				this.client.send("DELETE", "/api/v1/users/" + owner.userId(), other, null), 403, "FORBIDDEN");
		// A test push names no user: it always goes to the caller's own device.
		for (Map.Entry<String, String> credential : refused.entrySet()) {
			expect(failures, "test push with " + credential.getKey(),
					this.client.send("POST", "/api/v1/push/test", credential.getValue(), null), 401, "UNAUTHORIZED");
		}
		HttpResponse<String> testPush = this.client.send("POST", "/api/v1/push/test", owner, null);
		if (testPush.statusCode() != 202) {
			failures.add("test push with the own token: " + testPush.statusCode() + " " + testPush.body());
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void operatorEndpointsTakeTheOperatorTokenAndNothingElse() throws Exception {
		Account user = this.client.register("mile");
		List<String> paths = List.of("/api/v1/analytics/stats", "/api/v1/analytics/signals/activity?range=24h",
				"/api/v1/analytics/users/activity?range=7d", "/api/v1/push/operator/deliveries",
				"/api/v1/push/operator/dead-letters", "/api/v1/operator/reports?status=open",
				"/api/v1/operator/reports?status=closed");
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("no token", null);
		refused.put("a user's token", user.token());
		refused.put("a malformed token", TestTokens.malformed());
		refused.put("a wrong operator secret", "operator-" + UUID.randomUUID());
		List<String> failures = new ArrayList<>();
		for (String path : paths) {
			for (Map.Entry<String, String> credential : refused.entrySet()) {
				expect(failures, path + " with " + credential.getKey(),
						this.client.send("GET", path, credential.getValue(), null), 401, "UNAUTHORIZED");
			}
			HttpResponse<String> operator = this.client.send("GET", path, StackExtension.OPERATOR_TOKEN, null);
			if (operator.statusCode() != 200) {
				failures.add(path + " with the operator token: " + operator.statusCode() + " " + operator.body());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void reportsAndSuspensionsTakeTheRightCredentials() throws Exception {
		Account user = this.client.register("mile");
		Account target = this.client.register("mile");
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("no token", null);
		refused.put("a user's token", user.token());
		refused.put("the target's own token", target.token());
		refused.put("a malformed token", TestTokens.malformed());
		refused.put("a wrong operator secret", "operator-" + UUID.randomUUID());
		List<String> failures = new ArrayList<>();
		String suspension = "/api/v1/operator/users/" + target.userId() + "/suspension";
		for (Map.Entry<String, String> credential : refused.entrySet()) {
			expect(failures, "suspend with " + credential.getKey(),
					this.client.send("POST", suspension, credential.getValue(), "{\"reason\":\"test\"}"), 401,
					"UNAUTHORIZED");
			expect(failures, "lift with " + credential.getKey(),
					this.client.send("DELETE", suspension, credential.getValue(), null), 401, "UNAUTHORIZED");
		}
		String report = "{\"reportedUserID\":\"" + target.userId() + "\",\"reason\":\"spam\"}";
		expect(failures, "report without a token", this.client.send("POST", "/api/v1/reports", (String) null, report),
				401, "UNAUTHORIZED");
		expect(failures, "report with a malformed token",
				this.client.send("POST", "/api/v1/reports", TestTokens.malformed(), report), 401, "UNAUTHORIZED");
		HttpResponse<String> filed = this.client.send("POST", "/api/v1/reports", user, report);
		if (filed.statusCode() != 201) {
			failures.add("report with a user's token: " + filed.statusCode() + " " + filed.body());
		}
		HttpResponse<String> suspended = this.client.send("POST", suspension, StackExtension.OPERATOR_TOKEN,
				"{\"reason\":\"test\"}");
		if (suspended.statusCode() != 201) {
			failures.add("suspend with the operator token: " + suspended.statusCode() + " " + suspended.body());
		}
		expect(failures, "the suspended user's own token",
				this.client.send("GET", "/api/v1/users/" + target.userId(), target, null), 403, "ACCOUNT_SUSPENDED");
		HttpResponse<String> lifted = this.client.send("DELETE", suspension, StackExtension.OPERATOR_TOKEN, null);
		if (lifted.statusCode() != 204) {
			failures.add("lift with the operator token: " + lifted.statusCode() + " " + lifted.body());
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void aUserWhoFloodsTheApiIsRateLimited() throws Exception {
		Account flooder = this.client.register("mile");
		HttpResponse<String> limited = null;
		for (int i = 0; i < 200 && limited == null; i++) {
			HttpResponse<String> response = this.client.send("GET", "/api/v1/users/" + flooder.userId(), flooder, null);
			if (response.statusCode() == 429) {
				limited = response;
			}
			else {
				assertThat(response.statusCode()).isEqualTo(200);
			}
		}
		assertThat(limited).as("no 429 within 200 requests").isNotNull();
		assertThat(this.client.read(limited).get("code")).isEqualTo("RATE_LIMITED");
		assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
	}

	@Test
	void theApiDescriptionCoversEveryImplementedContractPath() throws Exception {
		HttpResponse<String> docs = this.client.send("GET", "/api/v1/docs", (String) null, null);
		assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
		Map<?, ?> paths = (Map<?, ?>) this.client.read(docs).get("paths");
		List<String> documented = new ArrayList<>();
		paths.forEach((path, operations) -> ((Map<?, ?>) operations).keySet()
			.forEach((method) -> documented
				.add(method.toString().toUpperCase() + " " + path.toString().replaceAll("\\{[^}]+}", "{}"))));
		assertThat(documented).contains("POST /api/v1/users/register", "GET /api/v1/users/{}",
				"PUT /api/v1/users/{}/settings", "DELETE /api/v1/users/{}", "POST /api/v1/locations/update",
				"GET /api/v1/locations/nearby/{}", "GET /api/v1/locations/stream", "POST /api/v1/signals",
				"GET /api/v1/signals/received/{}", "GET /api/v1/signals/sent/{}", "POST /api/v1/signals/{}/respond",
				"POST /api/v1/push/test", "GET /api/v1/analytics/stats", "GET /api/v1/analytics/signals/activity",
				"GET /api/v1/analytics/users/activity", "GET /health", "POST /api/v1/users/{}/blocks",
				"GET /api/v1/users/{}/blocks", "DELETE /api/v1/users/{}/blocks/{}", "POST /api/v1/reports");
		assertThat(documented).noneMatch((operation) -> operation.contains("/internal/"));
	}

	private void expect(List<String> failures, String what, HttpResponse<String> response, int status, String code) {
		if (response.statusCode() != status || !response.body().contains("\"code\":\"" + code + "\"")) {
			failures.add(what + ": expected " + status + " " + code + " but got " + response.statusCode() + " "
					+ response.body());
		}
	}

}
