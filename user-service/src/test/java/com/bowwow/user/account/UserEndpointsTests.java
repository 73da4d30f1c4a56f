package com.bowwow.user.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The users endpoints of api-v1.md over real HTTP, PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class UserEndpointsTests extends HttpTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void registeringANewDeviceCreatesAUserWithDefaultsAndAWorkingToken() throws Exception {
		HttpResponse<String> response = register(deviceToken(), null);
		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> body = body(response);
		assertThat(body)
			.containsOnlyKeys("userID", "settings", "createdAt", "accessToken", "tokenType", "expiresAt",
					"refreshToken")
			.containsEntry("tokenType", "Bearer")
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "en"));
		String userId = (String) body.get("userID");
		assertThat(UserId.parse(userId).toString()).isEqualTo(userId);
		assertThat((String) body.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		Instant expiresAt = Instant.parse((String) body.get("expiresAt"));
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(Duration.ofMinutes(1)));
		assertThat(send("GET", "/api/v1/users/" + userId, bearer(body), null).statusCode()).isEqualTo(200);
	}

	@Test
	void initialSettingsAreTakenFromTheRegistration() throws Exception {
		Map<String, Object> body = body(register(deviceToken(), "{\"isOffline\":true,\"distanceUnit\":\"kilometer\"}"));
		assertThat(body).containsEntry("settings",
				Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
		Map<String, Object> partial = body(register(deviceToken(), "{\"distanceUnit\":\"kilometer\"}"));
		assertThat(partial).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void aKnownDeviceTokenWithItsAccessTokenReturnsTheSameUserWithAFreshToken() throws Exception {
		String token = deviceToken(100);
		Map<String, Object> first = body(register(token, "{\"isOffline\":false,\"distanceUnit\":\"kilometer\"}"));
		Thread.sleep(1100);
		HttpResponse<String> again = send("POST", "/api/v1/users/register", bearer(first), """
				{"deviceToken":"%s","settings":{"isOffline":true,"distanceUnit":"mile"}}"""
			.formatted(token.toUpperCase()));
		assertThat(again.statusCode()).isEqualTo(200);
		Map<String, Object> second = body(again);
		assertThat(second.get("userID")).isEqualTo(first.get("userID"));
		assertThat(second.get("createdAt")).isEqualTo(first.get("createdAt"));
		assertThat(second.get("accessToken")).isNotEqualTo(first.get("accessToken"));
		assertThat(Instant.parse((String) second.get("expiresAt")))
			.isAfter(Instant.parse((String) first.get("expiresAt")));
		// a replayed registration never changes the account's settings
		assertThat(second).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "kilometer", "language", "en"));
		assertThat(this.jdbc.sql("SELECT device_token FROM users WHERE id = ?::uuid")
			.param(first.get("userID"))
			.query(String.class)
			.single()).isEqualTo(token.toLowerCase());
	}

	@Test
	void deviceTokensMustBe64To200HexCharacters() throws Exception {
		assertThat(register(deviceToken(64), null).statusCode()).isEqualTo(201);
		assertThat(register(deviceToken(200), null).statusCode()).isEqualTo(201);
		for (String bad : new String[] { deviceToken(63), deviceToken(201), "g" + deviceToken(63), "" }) {
			Map<String, Object> problem = problem(register(bad, null), 400, "VALIDATION_FAILED");
			assertThat(problem.get("errors")).isEqualTo(
					List.of(Map.of("field", "deviceToken", "message", "must be 64 to 200 hexadecimal characters")));
		}
		Map<String, Object> missing = problem(send("POST", "/api/v1/users/register", null, "{}"), 400,
				"VALIDATION_FAILED");
		assertThat(missing.get("errors")).isEqualTo(List.of(Map.of("field", "deviceToken", "message", "is required")));
		Map<String, Object> badUnit = problem(register(deviceToken(), "{\"distanceUnit\":\"furlong\"}"), 400,
				"VALIDATION_FAILED");
		assertThat(badUnit.get("errors"))
			.isEqualTo(List.of(Map.of("field", "settings.distanceUnit", "message", "must be one of: mile, kilometer")));
		problem(send("POST", "/api/v1/users/register", null, "{\"deviceToken\":"), 400, "MALFORMED_JSON");
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE device_token !~ '^[0-9a-f]{64,200}$'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void readingReturnsTheContractShape() throws Exception {
		Map<String, Object> user = body(register(deviceToken(), "{\"isOffline\":true,\"distanceUnit\":\"kilometer\"}"));
		HttpResponse<String> response = send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response)).containsOnlyKeys("userID", "settings", "createdAt")
			.containsEntry("userID", user.get("userID"))
			.containsEntry("createdAt", user.get("createdAt"))
			.containsEntry("settings", Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void settingsAcceptTheBareShapeAndAnswerTheClientsUserModel() throws Exception {
		Map<String, Object> user = newUser();
		String path = "/api/v1/users/" + user.get("userID") + "/settings";
		HttpResponse<String> response = send("PUT", path, bearer(user),
				"{\"isOffline\":true,\"distanceUnit\":\"kilometer\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = body(response);
		assertThat(body).containsOnlyKeys("id", "userID", "deviceToken", "settings", "createdAt", "updatedAt")
			.containsEntry("id", user.get("userID"))
			.containsEntry("userID", user.get("userID"))
			.containsEntry("createdAt", user.get("createdAt"))
			.containsEntry("settings", Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
		assertThat((String) body.get("deviceToken")).matches("[0-9a-f]{64}");
		assertThat((String) body.get("updatedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(body(send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null)))
			.containsEntry("settings", Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
		// a partial update keeps the other field
		assertThat(body(send("PUT", path, bearer(user), "{\"isOffline\":false}"))).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void settingsAcceptTheIosEnvelope() throws Exception {
		Map<String, Object> user = newUser();
		String envelope = """
				{"userID":"%s","settings":{"isOffline":true,"distanceUnit":"kilometer"}}"""
			.formatted(user.get("userID"));
		HttpResponse<String> response = send("PUT", "/api/v1/users/" + user.get("userID") + "/settings", bearer(user),
				envelope);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(body(response)).containsEntry("settings",
				Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void settingsRefuseAnotherUserInTheEnvelopeAndEmptyOrInvalidBodies() throws Exception {
		Map<String, Object> user = newUser();
		String path = "/api/v1/users/" + user.get("userID") + "/settings";
		String otherUser = """
				{"userID":"%s","settings":{"isOffline":true}}""".formatted(UserId.random());
		problem(send("PUT", path, bearer(user), otherUser), 403, "FORBIDDEN");
		Map<String, Object> empty = problem(send("PUT", path, bearer(user), "{}"), 400, "VALIDATION_FAILED");
		assertThat(empty.get("errors"))
			.isEqualTo(List.of(Map.of("field", "settings", "message", "give isOffline, distanceUnit and/or language")));
		Map<String, Object> badUnit = problem(
				send("PUT", path, bearer(user), "{\"settings\":{\"distanceUnit\":\"parsec\"}}"), 400,
				"VALIDATION_FAILED");
		assertThat(badUnit.get("errors")).asList().hasSize(1);
		assertThat(((Map<?, ?>) ((List<?>) badUnit.get("errors")).get(0)).get("field"))
			.isEqualTo("settings.distanceUnit");
		problem(send("PUT", path, bearer(user), "{\"isOffline\":\"maybe\"}"), 400, "VALIDATION_FAILED");
		assertThat(body(send("GET", "/api/v1/users/" + user.get("userID"), bearer(user), null)))
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "en"));
	}

	@Test
	void deletingRemovesTheAccountAndRevokesItsTokensEverywhere() throws Exception {
		String device = deviceToken();
		Map<String, Object> user = body(register(device, null));
		String userId = (String) user.get("userID");
		// a second token of the same user (a second registration, with proof) must die
		// too
		String otherToken = bearer(
				body(send("POST", "/api/v1/users/register", bearer(user), "{\"deviceToken\":\"" + device + "\"}")));
		assertThat(send("DELETE", "/api/v1/users/" + userId, bearer(user), null).statusCode()).isEqualTo(204);
		Map<String, Object> refused = problem(send("GET", "/api/v1/users/" + userId, bearer(user), null), 401,
				"UNAUTHORIZED");
		assertThat(refused.get("detail")).isEqualTo("The access token has been revoked");
		problem(send("GET", "/api/v1/users/" + userId, otherToken, null), 401, "UNAUTHORIZED");
		problem(send("DELETE", "/api/v1/users/" + userId, bearer(user), null), 401, "UNAUTHORIZED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE id = ?::uuid")
			.param(userId)
			.query(Integer.class)
			.single()).isZero();
		assertThat(send("GET", "/internal/users/" + userId + "/push-target", null, null).statusCode()).isEqualTo(404);
		Long ttl = this.redis.getExpire(AccessTokens.revokedUserKey(UserId.parse(userId)));
		assertThat(ttl).isBetween(Duration.ofDays(7).toSeconds(), Duration.ofDays(7).plusMinutes(5).toSeconds());
		// the device can start over, as a new user
		HttpResponse<String> again = register(device, null);
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(body(again).get("userID")).isNotEqualTo(userId);
	}

	@Test
	void concurrentRegistrationsWithoutProofLeaveTheDeviceTokenWithExactlyOneAccount() throws Exception {
		String device = deviceToken(120);
		int callers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			calls.add(() -> register(device, null));
		}
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (Future<HttpResponse<String>> future : pool.invokeAll(calls)) {
			responses.add(future.get());
		}
		pool.shutdown();
		// no proof: every success is a new account, never another caller's
		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201, 409);
		List<HttpResponse<String>> created = responses.stream().filter((r) -> r.statusCode() == 201).toList();
		assertThat(created).isNotEmpty();
		assertThat(created.stream().map((r) -> body(r).get("userID")).distinct()).hasSize(created.size());
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE device_token = ?")
			.param(device)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

}
