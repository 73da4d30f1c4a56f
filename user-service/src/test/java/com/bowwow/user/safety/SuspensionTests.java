package com.bowwow.user.safety;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operator suspensions: enforcement, lifting, expiry, hostile input. */
class SuspensionTests extends SafetyTestSupport {

	@Test
	void aSuspendedUsersTokenIsRefusedWith403UntilTheSuspensionIsLifted() throws Exception {
		Map<String, Object> user = user();
		String self = "/api/v1/users/" + user.get("userID");
		assertThat(send("GET", self, bearer(user), null).statusCode()).isEqualTo(200);

		HttpResponse<String> suspended = suspend(user.get("userID"), "{\"reason\":\"harassment reports\"}");
		assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(201);
		assertThat(body(suspended)).containsEntry("userID", user.get("userID"))
			.containsEntry("reason", "harassment reports")
			.containsEntry("until", null);
		assertThat(suspendedInRedis(user)).isTrue();
		Map<String, Object> problem = problem(send("GET", self, bearer(user), null), 403, "ACCOUNT_SUSPENDED");
		assertThat(problem.get("detail")).isEqualTo("This account is suspended");
		problem(send("PUT", self + "/settings", bearer(user), "{\"isOffline\":true}"), 403, "ACCOUNT_SUSPENDED");
		problem(send("POST", "/api/v1/reports", bearer(user),
				"{\"reportedUserID\":\"" + UserId.random() + "\",\"reason\":\"spam\"}"), 403, "ACCOUNT_SUSPENDED");
		// operators still work while a user is suspended
		assertThat(send("GET", "/api/v1/operator/reports", OPERATOR, null).statusCode()).isEqualTo(200);

		assertThat(lift(user.get("userID")).statusCode()).isEqualTo(204);
		assertThat(suspendedInRedis(user)).isFalse();
		assertThat(send("GET", self, bearer(user), null).statusCode()).isEqualTo(200);
		// lifting again is harmless
		assertThat(lift(user.get("userID")).statusCode()).isEqualTo(204);
		assertThat(outboxTypes(user)).containsExactly("UserRegistered", "UserSuspended", "UserSuspensionLifted");
	}

	@Test
	void suspendingASuspendedUserReplacesTheSuspensionWith200() throws Exception {
		Map<String, Object> user = user();
		assertThat(suspend(user.get("userID"), "{\"reason\":\"first\"}").statusCode()).isEqualTo(201);
		Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
		HttpResponse<String> again = suspend(user.get("userID"), "{\"reason\":\"second\",\"until\":\"" + until + "\"}");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(body(again)).containsEntry("reason", "second").containsEntry("until", until.toString());
		assertThat(suspendedInRedis(user)).isTrue();
	}

	@Test
	void aSuspensionEndsByItselfWhenItsTimeHasCome() throws Exception {
		Map<String, Object> user = user();
		Instant until = Instant.now().plusSeconds(2);
		HttpResponse<String> response = suspend(user.get("userID"),
				"{\"reason\":\"cool down\",\"until\":\"" + until + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat((String) body(response).get("until")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null).statusCode()).isEqualTo(403);
		await().atMost(Duration.ofSeconds(15)).until(() -> !suspendedInRedis(user));
		assertThat(this.jdbc.sql("SELECT count(*) FROM suspensions WHERE user_id = ?::uuid")
			.param(user.get("userID"))
			.query(Integer.class)
			.single()).isZero();
		assertThat(outboxTypes(user)).containsExactly("UserRegistered", "UserSuspended", "UserSuspensionLifted");
		assertThat(send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null).statusCode()).isEqualTo(200);
	}

	@Test
	void invalidSuspensionsAreRefused() throws Exception {
		Map<String, Object> user = user();
		problem(suspend(UserId.random(), "{\"reason\":\"spam\"}"), 404, "NOT_FOUND");
		problem(lift(UserId.random()), 404, "NOT_FOUND");
		Map<String, Object> past = problem(
				suspend(user.get("userID"), "{\"reason\":\"spam\",\"until\":\"2020-01-01T00:00:00Z\"}"), 400,
				"VALIDATION_FAILED");
		assertThat(past.get("errors"))
			.isEqualTo(java.util.List.of(Map.of("field", "until", "message", "must be in the future")));
		for (String body : new String[] { "{}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}", "{\"reason\":7}",
				"{\"reason\":\"" + "r".repeat(501) + "\"}", "{\"reason\":\"x\",\"until\":\"tomorrow\"}",
				"{\"reason\":\"x\",\"until\":12}", "{\"reason\":\"a\\u0000b\"}",
				"{\"reason\":\"x\",\"until\":\"+10000-01-01T00:00:00Z\"}",
				"{\"reason\":\"x\",\"until\":\"+999999999-12-31T23:59:59Z\"}" }) {
			HttpResponse<String> response = suspend(user.get("userID"), body);
			assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
		}
		problem(send("POST", "/api/v1/operator/users/nope/suspension", OPERATOR, "{\"reason\":\"x\"}"), 400,
				"INVALID_PARAMETER");
		assertThat(suspendedInRedis(user)).isFalse();
		assertThat(send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null).statusCode()).isEqualTo(200);
	}

}
