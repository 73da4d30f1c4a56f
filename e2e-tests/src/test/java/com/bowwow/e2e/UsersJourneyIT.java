package com.bowwow.e2e;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users leg of the journey, only through the gateway, as the iOS client does it:
 * register (new, then again), read, change settings with the client's envelope, delete,
 * and find the token refused afterwards.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class UsersJourneyIT {

	private static final String DEVICE_TOKEN = GatewayClient.randomDeviceToken();

	private static String userId;

	private static String accessToken;

	private static String refreshToken;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	@Order(1)
	void registeringANewDeviceCreatesTheUser() throws Exception {
		HttpResponse<String> response = register(DEVICE_TOKEN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> body = body(response);
		assertThat(body)
			.containsKeys("userID", "settings", "createdAt", "accessToken", "tokenType", "expiresAt", "refreshToken")
			.containsEntry("tokenType", "Bearer")
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "en"));
		userId = (String) body.get("userID");
		accessToken = (String) body.get("accessToken");
		refreshToken = (String) body.get("refreshToken");
	}

	@Test
	@Order(2)
	void registeringTheSameDeviceWithProofReturnsTheSameUserWithAFreshToken() throws Exception {
		HttpResponse<String> response = send("POST", "/api/v1/users/register", accessToken,
				"{\"deviceToken\":\"" + DEVICE_TOKEN.toUpperCase() + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = body(response);
		assertThat(body.get("userID")).isEqualTo(userId);
		assertThat(body.get("accessToken")).isNotEqualTo(accessToken);
		accessToken = (String) body.get("accessToken");
	}

	@Test
	@Order(3)
	void aRefreshTokenRotatesAndItsReuseRevokesTheInstall() throws Exception {
		HttpResponse<String> refreshed = send("POST", "/api/v1/users/token", null,
				"{\"refreshToken\":\"" + refreshToken + "\"}");
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> body = body(refreshed);
		assertThat(body.get("userID")).isEqualTo(userId);
		String rotated = (String) body.get("refreshToken");
		assertThat(rotated).isNotEqualTo(refreshToken);
		assertThat(send("GET", "/api/v1/users/" + userId, (String) body.get("accessToken"), null).statusCode())
			.isEqualTo(200);
		// Someone replays the old one: the whole install's refresh tokens stop working.
		assertProblem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":\"" + refreshToken + "\"}"), 401,
				"INVALID_REFRESH_TOKEN");
		assertProblem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":\"" + rotated + "\"}"), 401,
				"INVALID_REFRESH_TOKEN");
		assertProblem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":42}"), 400, "VALIDATION_FAILED");
	}

	@Test
	@Order(4)
	void theUserReadsTheirAccount() throws Exception {
		HttpResponse<String> response = send("GET", "/api/v1/users/" + userId, accessToken, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(body(response)).containsEntry("userID", userId)
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "en"));
	}

	@Test
	@Order(5)
	void settingsChangeWithTheIosEnvelope() throws Exception {
		String envelope = """
				{"userID":"%s","settings":{"isOffline":true,"distanceUnit":"kilometer"}}""".formatted(userId);
		HttpResponse<String> response = send("PUT", "/api/v1/users/" + userId + "/settings", accessToken, envelope);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(body(response)).containsOnlyKeys("id", "userID", "deviceToken", "settings", "createdAt", "updatedAt")
			.containsEntry("id", userId)
			.containsEntry("userID", userId)
			.containsEntry("deviceToken", DEVICE_TOKEN)
			.containsEntry("settings", Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "en"));
		HttpResponse<String> korean = send("PUT", "/api/v1/users/" + userId + "/settings", accessToken,
				"{\"isOffline\":true,\"distanceUnit\":\"kilometer\",\"language\":\"ko\"}");
		assertThat(body(korean).get("settings"))
			.isEqualTo(Map.of("isOffline", true, "distanceUnit", "kilometer", "language", "ko"));
		assertProblem(
				send("PUT", "/api/v1/users/" + userId + "/settings", accessToken,
						"{\"isOffline\":true,\"distanceUnit\":\"kilometer\",\"language\":\"fr\"}"),
				400, "VALIDATION_FAILED");
	}

	@Test
	@Order(6)
	void nobodyElseReadsTheAccount() throws Exception {
		assertProblem(send("GET", "/api/v1/users/" + userId, null, null), 401, "UNAUTHORIZED");
		String stranger = (String) body(register(GatewayClient.randomDeviceToken())).get("accessToken");
		assertProblem(send("GET", "/api/v1/users/" + userId, stranger, null), 403, "FORBIDDEN");
		assertProblem(send("GET", "/api/v1/users/" + UUID.randomUUID(), accessToken, null), 403, "FORBIDDEN");
	}

	@Test
	@Order(7)
	void aDeviceTokenAloneIsNoProofOfTheAccount() throws Exception {
		HttpResponse<String> response = register(DEVICE_TOKEN);
		assertThat(response.statusCode()).as("a device token is not a secret: a new account").isEqualTo(201);
		assertThat(body(response).get("userID")).isNotEqualTo(userId);
		assertThat(
				send("GET", "/api/v1/users/" + userId, (String) body(response).get("accessToken"), null).statusCode())
			.isEqualTo(403);
	}

	@Test
	@Order(8)
	void deletingTheAccountRefusesItsTokenAfterwards() throws Exception {
		HttpResponse<String> deleted = send("DELETE", "/api/v1/users/" + userId, accessToken, null);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertProblem(send("GET", "/api/v1/users/" + userId, accessToken, null), 401, "UNAUTHORIZED");
		assertProblem(send("PUT", "/api/v1/users/" + userId + "/settings", accessToken, "{\"isOffline\":false}"), 401,
				"UNAUTHORIZED");
		HttpResponse<String> again = register(DEVICE_TOKEN);
		assertThat(again.statusCode()).as("the device starts over as a new user").isEqualTo(201);
		assertThat(body(again).get("userID")).isNotEqualTo(userId);
	}

	private HttpResponse<String> register(String deviceToken) throws Exception {
		return send("POST", "/api/v1/users/register", null, "{\"deviceToken\":\"" + deviceToken + "\"}");
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		return this.client.send(method, path, token, body);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> body(HttpResponse<String> response) {
		return (Map<String, Object>) this.client.read(response);
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(body(response).get("code")).isEqualTo(code);
	}

}
