package com.bowwow.user.account;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens (rotation, reuse detection) and proof-of-account re-registration, tried
 * as an attacker who knows a victim's device token or copied a refresh token would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class RefreshTokenTests extends HttpTestSupport {

	@Autowired
	JdbcClient jdbc;

	private HttpResponse<String> refresh(String refreshToken) throws Exception {
		return send("POST", "/api/v1/users/token", null, "{\"refreshToken\":\"" + refreshToken + "\"}");
	}

	private HttpResponse<String> registerWithRefreshToken(String device, String refreshToken) throws Exception {
		return send("POST", "/api/v1/users/register", null,
				"{\"deviceToken\":\"" + device + "\",\"refreshToken\":\"" + refreshToken + "\"}");
	}

	private Map<String, Object> pushTarget(Object userId) throws Exception {
		return body(send("GET", "/internal/users/" + userId + "/push-target", null, null));
	}

	@Test
	void registrationHandsOutARefreshTokenThatIsStoredOnlyAsItsHash() throws Exception {
		Map<String, Object> user = newUser();
		String refreshToken = (String) user.get("refreshToken");
		assertThat(refreshToken).matches("[A-Za-z0-9_-]{43}");
		byte[] hash = MessageDigest.getInstance("SHA-256").digest(refreshToken.getBytes(StandardCharsets.US_ASCII));
		assertThat(this.jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?")
			.param(hash)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM refresh_tokens WHERE position(convert_to(?, 'UTF8') in token_hash) > 0")
			.param(refreshToken)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theTokenEndpointRotatesWithoutABearerAndTheOldTokenStopsWorking() throws Exception {
		Map<String, Object> user = newUser();
		HttpResponse<String> refreshed = refresh((String) user.get("refreshToken"));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> body = body(refreshed);
		assertThat(body)
			.containsOnlyKeys("userID", "settings", "createdAt", "accessToken", "tokenType", "expiresAt",
					"refreshToken")
			.containsEntry("userID", user.get("userID"))
			.containsEntry("tokenType", "Bearer");
		assertThat(body.get("refreshToken")).isNotEqualTo(user.get("refreshToken"));
		assertThat(send("GET", "/api/v1/users/" + user.get("userID"), bearer(body), null).statusCode()).isEqualTo(200);
		// the next rotation works with the new one
		HttpResponse<String> next = refresh((String) body.get("refreshToken"));
		assertThat(next.statusCode()).isEqualTo(200);
		// even a broken bearer sent along is ignored on this public path
		HttpResponse<String> withJunk = send("POST", "/api/v1/users/token", "Bearer junk",
				"{\"refreshToken\":\"" + body(next).get("refreshToken") + "\"}");
		assertThat(withJunk.statusCode()).isEqualTo(200);
	}

	@Test
	void aStolenRotatedOutTokenRevokesTheWholeInstall() throws Exception {
		String device = deviceToken();
		Map<String, Object> victim = body(register(device, null));
		String stolen = (String) victim.get("refreshToken");
		// a second install of the same account (proved by its access token) is not
		// affected
		Map<String, Object> secondInstall = body(
				send("POST", "/api/v1/users/register", bearer(victim), "{\"deviceToken\":\"" + device + "\"}"));
		// the victim's app rotates; then the thief replays the copy
		String victimsCurrent = (String) body(refresh(stolen)).get("refreshToken");
		problem(refresh(stolen), 401, "INVALID_REFRESH_TOKEN");
		// reuse detection: the victim's current token of that install is dead too, so the
		// thief's
		// successor (if they had rotated first) would be dead as well
		problem(refresh(victimsCurrent), 401, "INVALID_REFRESH_TOKEN");
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM refresh_families WHERE user_id = ?::uuid AND revoked_reason = 'reuse'")
			.param(victim.get("userID"))
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(refresh((String) secondInstall.get("refreshToken")).statusCode()).isEqualTo(200);
		// and a revoked install's token is no proof at registration: a new account
		HttpResponse<String> registered = registerWithRefreshToken(device, victimsCurrent);
		assertThat(registered.statusCode()).isEqualTo(201);
		assertThat(body(registered).get("userID")).isNotEqualTo(victim.get("userID"));
	}

	@Test
	void unknownMalformedAndWronglyTypedRefreshTokensAreRefused() throws Exception {
		problem(refresh("A".repeat(43)), 401, "INVALID_REFRESH_TOKEN");
		problem(refresh("not a token"), 401, "INVALID_REFRESH_TOKEN");
		problem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":12345}"), 400, "VALIDATION_FAILED");
		problem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":true}"), 400, "VALIDATION_FAILED");
		problem(send("POST", "/api/v1/users/token", null, "{}"), 400, "VALIDATION_FAILED");
		problem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":\"" + "a".repeat(201) + "\"}"), 400,
				"VALIDATION_FAILED");
		problem(send("POST", "/api/v1/users/register", null,
				"{\"deviceToken\":\"" + deviceToken() + "\",\"refreshToken\":42}"), 400, "VALIDATION_FAILED");
		HttpResponse<String> form = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/users/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(BodyPublishers.ofString("refreshToken=x"))
				.build(), BodyHandlers.ofString());
		assertThat(form.statusCode()).isEqualTo(415);
	}

	@Test
	void aDeviceTokenAloneNeverYieldsItsAccountOrATokenForIt() throws Exception {
		String device = deviceToken();
		Map<String, Object> victim = body(register(device, null));
		Object victimId = victim.get("userID");
		// the attacker knows the device token (it is not a secret), in any case
		HttpResponse<String> attempt = register(device.toUpperCase(), null);
		assertThat(attempt.statusCode()).isEqualTo(201);
		Map<String, Object> attacker = body(attempt);
		assertThat(attacker.get("userID")).isNotEqualTo(victimId);
		problem(send("GET", "/api/v1/users/" + victimId, bearer(attacker), null), 403, "FORBIDDEN");
		// a bogus or another account's proof changes nothing
		HttpResponse<String> forged = send("POST", "/api/v1/users/register", "Bearer " + "x".repeat(40),
				"{\"deviceToken\":\"" + device + "\"}");
		assertThat(forged.statusCode()).isEqualTo(201);
		assertThat(body(forged).get("userID")).isNotIn(victimId, attacker.get("userID"));
		HttpResponse<String> othersProof = registerWithRefreshToken(device, (String) attacker.get("refreshToken"));
		assertThat(body(othersProof).get("userID")).isNotEqualTo(victimId);
		// the device token moved to the newest account; the victim gets no pushes
		// meanwhile
		Map<String, Object> victimTarget = pushTarget(victimId);
		assertThat(victimTarget).containsEntry("tokenStatus", "dead");
		assertThat(victimTarget.get("deviceToken")).isNull();
		// the victim's app still decodes its settings answer (deviceToken is a
		// non-optional String there)
		assertThat(
				body(send("PUT", "/api/v1/users/" + victimId + "/settings", bearer(victim), "{\"isOffline\":false}")))
			.containsEntry("deviceToken", "");
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE device_token = ?")
			.param(device)
			.query(Integer.class)
			.single()).isEqualTo(1);
		// the victim's own install proves its account and gets the device token back
		HttpResponse<String> back = registerWithRefreshToken(device, (String) victim.get("refreshToken"));
		assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
		assertThat(body(back).get("userID")).isEqualTo(victimId);
		assertThat(body(back).get("refreshToken")).isNotEqualTo(victim.get("refreshToken"));
		assertThat(pushTarget(victimId)).containsEntry("deviceToken", device).containsEntry("tokenStatus", "live");
		// the proof was rotated: presenting it again is a replay
		problem(refresh((String) victim.get("refreshToken")), 401, "INVALID_REFRESH_TOKEN");
	}

	@Test
	void anInstallProvedByItsRefreshTokenTakesItsNewDeviceToken() throws Exception {
		String oldDevice = deviceToken();
		Map<String, Object> user = body(register(oldDevice, null));
		String newDevice = deviceToken(70);
		HttpResponse<String> moved = registerWithRefreshToken(newDevice, (String) user.get("refreshToken"));
		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		assertThat(body(moved).get("userID")).isEqualTo(user.get("userID"));
		assertThat(pushTarget(user.get("userID"))).containsEntry("deviceToken", newDevice)
			.containsEntry("tokenStatus", "live");
		// an access token alone does not replace a live device token: a second device is
		// a new account
		HttpResponse<String> second = send("POST", "/api/v1/users/register", bearer(user),
				"{\"deviceToken\":\"" + deviceToken() + "\"}");
		assertThat(second.statusCode()).isEqualTo(201);
		assertThat(pushTarget(user.get("userID"))).containsEntry("deviceToken", newDevice);
	}

	@Test
	void languageIsStoredReturnedAnnouncedAndStrict() throws Exception {
		Map<String, Object> user = body(register(deviceToken(), "{\"language\":\"ko\"}"));
		assertThat(user).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "mile", "language", "ko"));
		Object userId = user.get("userID");
		assertThat(pushTarget(userId)).containsEntry("language", "ko");
		assertThat(
				this.jdbc.sql("SELECT payload FROM event_outbox WHERE event_type = 'UserRegistered' AND payload LIKE ?")
					.param("%" + userId + "%")
					.query(String.class)
					.single())
			.contains("\"language\":\"ko\"");
		String path = "/api/v1/users/" + userId + "/settings";
		assertThat(body(send("PUT", path, bearer(user), "{\"language\":\"en\"}"))).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "mile", "language", "en"));
		assertThat(body(
				send("PUT", path, bearer(user), "{\"userID\":\"" + userId + "\",\"settings\":{\"language\":\"ko\"}}")))
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "ko"));
		assertThat(this.jdbc.sql(
				"SELECT payload FROM event_outbox WHERE event_type = 'UserSettingsChanged' AND payload LIKE ? ORDER BY id DESC LIMIT 1")
			.param("%" + userId + "%")
			.query(String.class)
			.single()).contains("\"language\":\"ko\"");
		for (String bad : new String[] { "{\"language\":\"fr\"}", "{\"language\":\"KO\"}", "{\"language\":1}",
				"{\"settings\":{\"language\":\"en-US\"}}", "{\"language\":null,\"isOffline\":1}" }) {
			problem(send("PUT", path, bearer(user), bad), 400, "VALIDATION_FAILED");
		}
		problem(register(deviceToken(), "{\"language\":\"de\"}"), 400, "VALIDATION_FAILED");
		assertThat(body(send("GET", "/api/v1/users/" + userId, bearer(user), null))).containsEntry("settings",
				Map.of("isOffline", false, "distanceUnit", "mile", "language", "ko"));
		assertThat(UserId.parse((String) userId)).isNotNull();
	}

}
