package com.bowwow.location.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.ServiceTokens;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.testsupport.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The true positions behind {@code within} and {@code positions} open to signal-service's
 * service token only: no token, a user's token, the operator token, an expired or forged
 * service token, a token for another service and another calling service are all refused,
 * and nothing about anyone's position leaks in the refusal.
 */
class InternalAuthTests extends LocationIntegrationTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void withinAndPositionsRefuseEverythingButSignalServicesToken() throws Exception {
		UserId victim = UserId.random();
		report(victim, 48.8570, 2.3522);
		List<String> paths = List.of("/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000",
				"/internal/locations/positions?userID=" + victim);
		Instant now = Instant.now();
		Clock past = Clock.fixed(now.minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
		Map<String, String> unauthorized = new LinkedHashMap<>();
		unauthorized.put("no token", null);
		unauthorized.put("a user's token", TestTokens.authorization(UserId.random()));
		unauthorized.put("an operator-style token", "Bearer operator-token-0123456789abcdef0123456789");
		unauthorized.put("an expired service token",
				"Bearer " + ServiceTokens.development("signal-service", past).tokenFor("location-service"));
		unauthorized.put("a forged service token", "Bearer " + forged(now));
		unauthorized.put("a token for another service",
				"Bearer " + ServiceTokens.development("signal-service", Clock.systemUTC()).tokenFor("user-service"));
		for (String path : paths) {
			for (Map.Entry<String, String> attempt : unauthorized.entrySet()) {
				HttpResponse<String> response = get(path, attempt.getValue());
				assertThat(response.statusCode()).as(attempt.getKey() + " on " + path).isEqualTo(401);
				assertThat(object(response)).containsEntry("code", "UNAUTHORIZED");
				assertThat(response.body()).doesNotContain(victim.toString().substring(0, 8)).doesNotContain("48.857");
			}
			for (String other : List.of("push-service", "user-service", "analytics-service", "gateway")) {
				HttpResponse<String> response = get(path,
						"Bearer " + ServiceTokens.development(other, Clock.systemUTC()).tokenFor("location-service"));
				assertThat(response.statusCode()).as(other + " on " + path).isEqualTo(403);
				assertThat(object(response)).containsEntry("code", "FORBIDDEN");
			}
			HttpResponse<String> allowed = get(path, "Bearer "
					+ ServiceTokens.development("signal-service", Clock.systemUTC()).tokenFor("location-service"));
			assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
			assertThat(allowed.body()).contains(victim.toString());
		}
	}

	@Test
	void exportIsForUserServiceOnly() throws Exception {
		String path = "/internal/export/" + UserId.random();
		assertThat(get(path, null).statusCode()).isEqualTo(401);
		assertThat(get(path,
				"Bearer " + ServiceTokens.development("signal-service", Clock.systemUTC()).tokenFor("location-service"))
			.statusCode()).isEqualTo(403);
		assertThat(get(path,
				"Bearer " + ServiceTokens.development("user-service", Clock.systemUTC()).tokenFor("location-service"))
			.statusCode()).as("past the access rule (200 once the endpoint exists, 404 before)").isNotIn(401, 403);
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static String forged(Instant now) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("signal-service:dev-local").generate();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer("signal-service")
					.subject("service:signal-service")
					.audience("location-service")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
