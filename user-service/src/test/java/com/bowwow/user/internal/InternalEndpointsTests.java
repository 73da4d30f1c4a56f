package com.bowwow.user.internal;

import java.net.http.HttpResponse;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import com.bowwow.user.HttpTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What push-service reads and reports, with its service token (see InternalAuthTests).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class InternalEndpointsTests extends HttpTestSupport {

	@Test
	void pushTargetTellsWhereAndHowToNotify() throws Exception {
		String device = deviceToken(80);
		Map<String, Object> user = body(
				register(device.toUpperCase(), "{\"isOffline\":true,\"distanceUnit\":\"kilometer\"}"));
		HttpResponse<String> response = send("GET", "/internal/users/" + user.get("userID") + "/push-target",
				InternalAuthTests.push(), null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response)).isEqualTo(Map.of("userID", user.get("userID"), "deviceToken", device, "tokenStatus",
				"live", "isOffline", true, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void manyPushTargetsInOneCallLeaveOutWhoDoesNotExist() throws Exception {
		String device = deviceToken(80);
		Map<String, Object> one = body(register(device, "{\"distanceUnit\":\"kilometer\"}"));
		Map<String, Object> two = body(register(deviceToken(), null));
		UserId nobody = UserId.random();
		HttpResponse<String> response = send("POST", "/internal/users/push-targets", InternalAuthTests.push(),
				"{\"userIDs\":[\"" + one.get("userID") + "\",\"" + nobody + "\",\"" + two.get("userID") + "\",\""
						+ one.get("userID") + "\"]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		@SuppressWarnings("unchecked")
		java.util.List<Map<String, Object>> targets = (java.util.List<Map<String, Object>>) body(response)
			.get("targets");
		assertThat(targets).extracting((target) -> target.get("userID"))
			.containsExactlyInAnyOrder(one.get("userID"), two.get("userID"));
		assertThat(targets).filteredOn((target) -> one.get("userID").equals(target.get("userID")))
			.singleElement()
			.isEqualTo(Map.of("userID", one.get("userID"), "deviceToken", device, "tokenStatus", "live", "isOffline",
					false, "distanceUnit", "kilometer", "language", "en"));
	}

	@Test
	void aBatchOfPushTargetsIsCheckedBeforeAnyRead() throws Exception {
		String tooMany = java.util.stream.IntStream.range(0, 501)
			.mapToObj((i) -> "\"" + UserId.random() + "\"")
			.collect(java.util.stream.Collectors.joining(",", "{\"userIDs\":[", "]}"));
		for (String body : new String[] { "{\"userIDs\":[]}", "{}", "{\"userIDs\":[null]}",
				"{\"userIDs\":[\"not-a-uuid\"]}", "{\"userIDs\":\"" + UserId.random() + "\"}", tooMany }) {
			HttpResponse<String> response = send("POST", "/internal/users/push-targets", InternalAuthTests.push(),
					body);
			assertThat(response.statusCode()).as(body.length() > 80 ? "501 IDs" : body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
	}

	@Test
	void aDeadTokenStaysDeadUntilTheDeviceRegistersAgain() throws Exception {
		String device = deviceToken();
		Map<String, Object> user = body(register(device, null));
		String base = "/internal/users/" + user.get("userID");
		assertThat(send("POST", base + "/device-token/dead", InternalAuthTests.push(),
				"{\"deviceToken\":\"" + device + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(body(send("GET", base + "/push-target", InternalAuthTests.push(), null)))
			.containsEntry("tokenStatus", "dead");
		// reported twice (retries) is fine
		assertThat(send("POST", base + "/device-token/dead", InternalAuthTests.push(), null).statusCode())
			.isEqualTo(204);
		HttpResponse<String> again = send("POST", "/api/v1/users/register", bearer(user),
				"{\"deviceToken\":\"" + device + "\"}");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(body(again).get("userID")).isEqualTo(user.get("userID"));
		assertThat(body(send("GET", base + "/push-target", InternalAuthTests.push(), null)))
			.containsEntry("tokenStatus", "live");
	}

	@Test
	void aUserWhoseTokenDiedRegistersANewDeviceTokenAndKeepsTheirAccount() throws Exception {
		String oldDevice = deviceToken();
		Map<String, Object> user = body(register(oldDevice, "{\"distanceUnit\":\"kilometer\"}"));
		String base = "/internal/users/" + user.get("userID");
		send("POST", base + "/device-token/dead", InternalAuthTests.push(), null);
		String newDevice = deviceToken(72);
		// without proving who they are, a new token is a new user
		String expired = "Bearer " + TestTokens.expired(UserId.parse((String) user.get("userID")));
		assertThat(send("POST", "/api/v1/users/register", expired, "{\"deviceToken\":\"" + deviceToken() + "\"}")
			.statusCode()).isEqualTo(201);
		HttpResponse<String> replaced = send("POST", "/api/v1/users/register", bearer(user),
				"{\"deviceToken\":\"" + newDevice + "\"}");
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(body(replaced)).containsEntry("userID", user.get("userID"))
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "kilometer", "language", "en"));
		assertThat(body(send("GET", base + "/push-target", InternalAuthTests.push(), null)))
			.containsEntry("deviceToken", newDevice)
			.containsEntry("tokenStatus", "live");
		// the dead token no longer belongs to anyone
		HttpResponse<String> oldAgain = register(oldDevice, null);
		assertThat(oldAgain.statusCode()).isEqualTo(201);
		assertThat(body(oldAgain).get("userID")).isNotEqualTo(user.get("userID"));
	}

	@Test
	void aLiveTokenIsNeverReplacedByAnotherRegistration() throws Exception {
		String device = deviceToken();
		Map<String, Object> user = body(register(device, null));
		HttpResponse<String> other = send("POST", "/api/v1/users/register", bearer(user),
				"{\"deviceToken\":\"" + deviceToken() + "\"}");
		assertThat(other.statusCode()).isEqualTo(201);
		assertThat(body(other).get("userID")).isNotEqualTo(user.get("userID"));
		assertThat(body(
				send("GET", "/internal/users/" + user.get("userID") + "/push-target", InternalAuthTests.push(), null)))
			.containsEntry("deviceToken", device)
			.containsEntry("tokenStatus", "live");
	}

	@Test
	void aReportAboutAnOldTokenDoesNotKillTheCurrentOne() throws Exception {
		Map<String, Object> user = newUser();
		String base = "/internal/users/" + user.get("userID");
		assertThat(send("POST", base + "/device-token/dead", InternalAuthTests.push(),
				"{\"deviceToken\":\"" + deviceToken() + "\"}")
			.statusCode()).isEqualTo(204);
		assertThat(body(send("GET", base + "/push-target", InternalAuthTests.push(), null)))
			.containsEntry("tokenStatus", "live");
	}

	@Test
	void unknownUsersAndBadInputAreProblems() throws Exception {
		problem(send("GET", "/internal/users/" + UserId.random() + "/push-target", InternalAuthTests.push(), null), 404,
				"NOT_FOUND");
		problem(send("POST", "/internal/users/" + UserId.random() + "/device-token/dead", InternalAuthTests.push(),
				null), 404, "NOT_FOUND");
		problem(send("GET", "/internal/users/not-a-uuid/push-target", InternalAuthTests.push(), null), 400,
				"INVALID_PARAMETER");
		Map<String, Object> user = newUser();
		problem(send("POST", "/internal/users/" + user.get("userID") + "/device-token/dead", InternalAuthTests.push(),
				"{\"deviceToken\":\"xyz\"}"), 400, "VALIDATION_FAILED");
	}

}
