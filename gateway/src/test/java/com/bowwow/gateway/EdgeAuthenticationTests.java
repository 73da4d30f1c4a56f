package com.bowwow.gateway;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets past the edge: user tokens are verified (signature, key, expiry, issuer,
 * audience, revocation) before any service sees the request; public paths need none;
 * analytics needs an operator bearer credential; client-supplied identity headers never
 * pass.
 */
class EdgeAuthenticationTests extends GatewayTestSupport {

	@Autowired
	StringRedisTemplate redis;

	private final UserId user = UserId.random();

	@Test
	void requestWithoutTokenIsRefusedBeforeReachingTheService() throws Exception {
		String path = "/api/v1/users/" + this.user;
		HttpResponse<String> response = send(request(path));
		problem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(this.json.readValue(response.body(), Map.class).get("requestId"))
			.isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(users.received(path)).isFalse();
	}

	@Test
	void everyServiceRouteRequiresAToken() throws Exception {
		for (String path : new String[] { "/api/v1/users/" + this.user, "/api/v1/locations/nearby/" + this.user,
				"/api/v1/signals/received/" + this.user, "/api/v1/push/test", "/api/v1/anything" }) {
			problem(send(request(path)), 401, "UNAUTHORIZED");
		}
		problem(send(request("/api/v1/locations/update").POST(BodyPublishers.ofString("{}"))), 401, "UNAUTHORIZED");
	}

	@Test
	void invalidTokensAreRefused() throws Exception {
		Instant now = Instant.now();
		Map<String, String> tokens = Map.of("malformed", TestTokens.malformed(), "expired",
				TestTokens.expired(this.user), "unknown key", TestTokens.signedByUnknownKey(this.user), "other issuer",
				TestTokens.custom(this.user.toString(), "https://evil.example", AccessTokens.AUDIENCE, now,
						now.plusSeconds(600)),
				"other audience",
				TestTokens.custom(this.user.toString(), AccessTokens.ISSUER, "other-api", now, now.plusSeconds(600)),
				"subject not a user ID",
				TestTokens.custom("admin", AccessTokens.ISSUER, AccessTokens.AUDIENCE, now, now.plusSeconds(600)),
				"subject a user ID in capitals",
				TestTokens.custom(this.user.toString().toUpperCase(java.util.Locale.ROOT), AccessTokens.ISSUER,
						AccessTokens.AUDIENCE, now, now.plusSeconds(600)),
				"unsigned", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
		String path = "/api/v1/users/" + this.user;
		tokens.forEach((kind, token) -> {
			try {
				HttpResponse<String> response = send(request(path).header("Authorization", "Bearer " + token));
				assertThat(response.statusCode()).as(kind).isEqualTo(401);
				problem(response, 401, "UNAUTHORIZED");
				assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).as(kind)
					.startsWith("Bearer");
			}
			catch (Exception ex) {
				throw new IllegalStateException(kind, ex);
			}
		});
		assertThat(users.received(path)).isFalse();
	}

	@Test
	void aBearerHeaderWithoutAWellFormedTokenIsRefused() throws Exception {
		String path = "/api/v1/users/" + this.user;
		String token = TestTokens.bearer(this.user);
		for (String header : new String[] { "Bearer", "Bearer ", "Bearer  " + token, "Bearer " + token + " x",
				"Bearer " + token.replace('.', ','), "bEaReR " + token + "=x", "Bearer\t" + token }) {
			HttpResponse<String> response = send(request(path).header("Authorization", header));
			problem(response, 401, "UNAUTHORIZED");
			assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).as(header)
				.contains("invalid_token");
		}
		assertThat(users.received(path)).isFalse();
		// the scheme's name is not case-sensitive
		assertThat(send(request(path).header("Authorization", "bEaReR " + token)).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenOfADeletedUserIsRefused() throws Exception {
		String path = "/api/v1/users/" + this.user;
		assertThat(send(authorized(path, this.user)).statusCode()).isEqualTo(200);
		this.redis.opsForValue().set("bowwow:revoked-user:" + this.user, "1", Duration.ofMinutes(5));
		problem(send(authorized(path, this.user)), 401, "UNAUTHORIZED");
		UserId other = UserId.random();
		assertThat(send(authorized("/api/v1/users/" + other, other)).statusCode()).isEqualTo(200);
	}

	@Test
	void afterRedisLostTheRevocationMarkersTokensAreRefusedWith503UntilTheyAreRebuilt() throws Exception {
		String path = "/api/v1/users/" + this.user;
		assertThat(send(authorized(path, this.user)).statusCode()).isEqualTo(200);
		for (String marker : AccessTokens.STANDING_READY_KEYS) {
			String value = this.redis.opsForValue().get(marker);
			this.redis.delete(marker);
			try {
				// a cached token and one the gateway has never seen: neither is let
				// through
				HttpResponse<String> known = send(authorized(path, this.user));
				problem(known, 503, "SERVICE_UNAVAILABLE");
				assertThat(known.headers().firstValue("Retry-After")).contains("2");
				UserId other = UserId.random();
				problem(send(authorized("/api/v1/users/" + other, other)), 503, "SERVICE_UNAVAILABLE");
				assertThat(users.received("/api/v1/users/" + other)).isFalse();
				// registration needs no standing
				assertThat(send(request("/api/v1/users/register").POST(BodyPublishers.ofString("{}"))).statusCode())
					.isEqualTo(200);
			}
			finally {
				this.redis.opsForValue().set(marker, value);
			}
		}
		assertThat(send(authorized(path, this.user)).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenOfASuspendedUserIsRefusedWith403UntilTheSuspensionIsLifted() throws Exception {
		String path = "/api/v1/users/" + this.user;
		assertThat(send(authorized(path, this.user)).statusCode()).isEqualTo(200);
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, this.user.toString());
		try {
			String fresh = "/api/v1/users/" + this.user + "/blocks";
			HttpResponse<String> response = send(authorized(fresh, this.user));
			Map<?, ?> body = problem(response, 403, "ACCOUNT_SUSPENDED");
			assertThat(body.get("detail")).isEqualTo("This account is suspended");
			assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
			assertThat(users.received(fresh)).isFalse();
			problem(send(authorized("/api/v1/reports", this.user).POST(BodyPublishers.ofString("{}"))), 403,
					"ACCOUNT_SUSPENDED");
			// others are unaffected, and registration stays public
			UserId other = UserId.random();
			assertThat(send(authorized("/api/v1/users/" + other, other)).statusCode()).isEqualTo(200);
			assertThat(send(authorized("/api/v1/users/register", this.user).POST(BodyPublishers.ofString("{}")))
				.statusCode()).isEqualTo(200);
		}
		finally {
			this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, this.user.toString());
		}
		assertThat(send(authorized(path, this.user)).statusCode()).isEqualTo(200);
	}

	@Test
	void reportsGoToUserServiceWithTheUsersToken() throws Exception {
		problem(send(request("/api/v1/reports").POST(BodyPublishers.ofString("{}"))), 401, "UNAUTHORIZED");
		Map<String, String> headers = forwardedHeaders(
				send(authorized("/api/v1/reports", this.user).POST(BodyPublishers.ofString("{}"))));
		assertThat(headers.get("x-user-id")).isEqualTo(this.user.toString());
		assertThat(users.received("/api/v1/reports")).isTrue();
	}

	@Test
	void userServiceOperatorEndpointsTakeTheOperatorCredentialLikeAnalytics() throws Exception {
		String path = "/api/v1/operator/reports";
		problem(send(request(path + "?status=open")), 401, "UNAUTHORIZED");
		problem(send(request("/api/v1/operator/users/" + this.user + "/suspension")
			.POST(BodyPublishers.ofString("{\"reason\":\"x\"}"))), 401, "UNAUTHORIZED");
		assertThat(users.received(path)).isFalse();
		// An operator credential is no JWT: passed on for user-service to check.
		Map<String, String> headers = forwardedHeaders(
				send(request(path).header("Authorization", "Bearer operator-secret")));
		assertThat(headers.get("authorization")).isEqualTo("Bearer operator-secret");
		assertThat(headers).doesNotContainKey("x-user-id");
		assertThat(users.received(path)).isTrue();
	}

	@Test
	void validTokenReachesTheServiceWithTheAuthorizationHeader() throws Exception {
		String token = TestTokens.bearer(this.user);
		Map<String, String> headers = forwardedHeaders(
				send(request("/api/v1/users/" + this.user).header("Authorization", "Bearer " + token)));
		// Services verify the token again themselves.
		assertThat(headers.get("authorization")).isEqualTo("Bearer " + token);
		assertThat(headers.get("x-user-id")).isEqualTo(this.user.toString());
		// The same token again: now the cache knows it, and the admission filter names
		// the user, whatever the client claims.
		Map<String, String> again = forwardedHeaders(
				send(request("/api/v1/users/" + this.user).header("Authorization", "Bearer " + token)
					.header("X-User-Id", UserId.random().toString())));
		assertThat(again.get("x-user-id")).isEqualTo(this.user.toString());
	}

	@Test
	void publicPathsNeedNoToken() throws Exception {
		assertThat(send(request("/health")).statusCode()).isEqualTo(200);
		assertThat(forwarded(send(request("/api/v1/users/register").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{}")))).get("path")).isEqualTo("/api/v1/users/register");
	}

	@Test
	void registrationIgnoresAStaleToken() throws Exception {
		// An app whose token expired registers again to get a new one.
		Map<String, String> headers = forwardedHeaders(send(
				request("/api/v1/users/register").header("Authorization", "Bearer " + TestTokens.expired(this.user))
					.POST(BodyPublishers.ofString("{}"))));
		assertThat(headers).doesNotContainKey("x-user-id");
	}

	@Test
	void registrationIsPublicOnlyForPost() throws Exception {
		problem(send(request("/api/v1/users/register")), 401, "UNAUTHORIZED");
	}

	@Test
	void clientSuppliedInternalHeadersAreRemoved() throws Exception {
		UserId victim = UserId.random();
		Map<String, String> headers = forwardedHeaders(
				send(authorized("/api/v1/users/" + this.user, this.user).header("X-User-Id", victim.toString())
					.header("X-Forwarded-User", victim.toString())
					.header("X-Internal-Caller", "push-service")
					.header("x-internal-token", "guess")
					.header("X-Authenticated-User", victim.toString())
					.header("X-Custom", "kept")));
		assertThat(headers.get("x-user-id")).isEqualTo(this.user.toString());
		assertThat(headers.keySet()).noneMatch((name) -> name.startsWith("x-internal-"))
			.doesNotContain("x-forwarded-user", "x-authenticated-user");
		assertThat(headers.get("x-custom")).isEqualTo("kept");
	}

	@Test
	void internalHeadersAreRemovedOnPublicPathsToo() throws Exception {
		Map<String, String> headers = forwardedHeaders(
				send(request("/api/v1/users/register").header("X-User-Id", this.user.toString())
					.header("X-Internal-Caller", "user-service")
					.POST(BodyPublishers.ofString("{}"))));
		assertThat(headers).doesNotContainKeys("x-user-id", "x-internal-caller");
	}

	@Test
	void analyticsRequiresAnOperatorBearerCredentialAndLeavesItsCheckToTheService() throws Exception {
		HttpResponse<String> anonymous = send(request("/api/v1/analytics/stats"));
		problem(anonymous, 401, "UNAUTHORIZED");
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		problem(send(request("/api/v1/analytics/stats").header("Authorization", "Basic b3BlcmF0b3I6eA==")), 401,
				"UNAUTHORIZED");
		assertThat(analytics.received("/api/v1/analytics/stats")).isFalse();
		Map<String, String> headers = forwardedHeaders(
				send(request("/api/v1/analytics/stats").header("Authorization", "Bearer operator-secret-value")));
		assertThat(headers.get("authorization")).isEqualTo("Bearer operator-secret-value");
		assertThat(headers).doesNotContainKey("x-user-id");
	}

	@Test
	void pushOperatorEndpointsTakeTheOperatorCredentialLikeAnalytics() throws Exception {
		HttpResponse<String> anonymous = send(request("/api/v1/push/operator/dead-letters"));
		problem(anonymous, 401, "UNAUTHORIZED");
		assertThat(push.received("/api/v1/push/operator/dead-letters")).isFalse();
		// An operator credential is no JWT: the gateway must not try to verify it as one.
		Map<String, String> headers = forwardedHeaders(
				send(request("/api/v1/push/operator/dead-letters").header("Authorization", "Bearer operator-secret")));
		assertThat(headers.get("authorization")).isEqualTo("Bearer operator-secret");
		assertThat(headers).doesNotContainKey("x-user-id");
	}

	@Test
	void theDashboardSignsOperatorsInItselfSoItsPathsPassWithoutABearer() throws Exception {
		for (String path : new String[] { "/api/v1/analytics/dashboard", "/api/v1/analytics/dashboard/app.js" }) {
			assertThat(forwardedHeaders(send(request(path)))).as(path).doesNotContainKey("authorization");
			assertThat(analytics.received(path)).as(path).isTrue();
		}
		// Only the dashboard: a look-alike prefix still needs the credential.
		problem(send(request("/api/v1/analytics/dashboards")), 401, "UNAUTHORIZED");
		assertThat(analytics.received("/api/v1/analytics/dashboards")).isFalse();
	}

}
