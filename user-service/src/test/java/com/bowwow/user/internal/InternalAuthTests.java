package com.bowwow.user.internal;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.ServiceTokens;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import com.bowwow.user.HttpTestSupport;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * push-service's internal endpoints open to push-service's service token only: no token,
 * a user's token, the operator token, an expired or forged service token, a token for
 * another service and another calling service are all refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"bowwow.security.operator.token=" + InternalAuthTests.OPERATOR_TOKEN })
@Import(BowWowTestInfrastructure.class)
class InternalAuthTests extends HttpTestSupport {

	static final String OPERATOR_TOKEN = "operator-token-for-internal-tests-0123456789";

	private static final ServiceTokens PUSH_SERVICE = ServiceTokens.development("push-service", Clock.systemUTC());

	/** What push-service sends (signed with its committed development key). */
	static String push() {
		return "Bearer " + PUSH_SERVICE.tokenFor("user-service");
	}

	@Test
	void eachEndpointRefusesEverythingButPushServicesToken() throws Exception {
		Map<String, Object> user = newUser();
		UserId userId = UserId.parse((String) user.get("userID"));
		String[][] endpoints = { { "GET", "/internal/users/" + userId + "/push-target", null },
				{ "POST", "/internal/users/" + userId + "/device-token/dead",
						"{\"deviceToken\":\"" + "b".repeat(64) + "\"}" },
				{ "POST", "/internal/users/push-targets", "{\"userIDs\":[\"" + userId + "\"]}" } };
		Instant now = Instant.now();
		Clock past = Clock.fixed(now.minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
		ECKey forger = new ECKeyGenerator(Curve.P_256).keyID("push-service:dev-local").generate();
		Map<String, String> unauthorized = Map.of("no token", "", "a user's token", TestTokens.authorization(userId),
				"the operator token", "Bearer " + OPERATOR_TOKEN, "an expired service token",
				"Bearer " + ServiceTokens.development("push-service", past).tokenFor("user-service"),
				"a forged service token", "Bearer " + forged(forger, now), "a token for another service",
				"Bearer " + ServiceTokens.development("push-service", Clock.systemUTC()).tokenFor("location-service"));
		for (String[] endpoint : endpoints) {
			unauthorized.forEach((what, authorization) -> {
				HttpResponse<String> response = call(endpoint, authorization.isEmpty() ? null : authorization);
				assertThat(response.statusCode()).as(what + " on " + endpoint[1] + ": " + response.body())
					.isEqualTo(401);
				assertThat(body(response)).containsEntry("code", "UNAUTHORIZED");
			});
			for (String other : new String[] { "signal-service", "user-service", "analytics-service" }) {
				HttpResponse<String> response = call(endpoint,
						"Bearer " + ServiceTokens.development(other, Clock.systemUTC()).tokenFor("user-service"));
				assertThat(response.statusCode()).as(other + " on " + endpoint[1]).isEqualTo(403);
				assertThat(body(response)).containsEntry("code", "FORBIDDEN");
			}
		}
		assertThat(call(endpoints[0], push()).statusCode()).isEqualTo(200);
		assertThat(call(endpoints[1], push()).statusCode()).isEqualTo(204);
	}

	@Test
	void pathsWithoutARuleAreRefusedEvenToPushService() throws Exception {
		HttpResponse<String> response = send("GET", "/internal/users/" + UserId.random() + "/settings", push(), null);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(send("GET", "/internal/export/" + UserId.random(), push(), null).statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> call(String[] endpoint, String authorization) {
		try {
			return send(endpoint[0], endpoint[1], authorization, endpoint[2]);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String forged(ECKey key, Instant now) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer("push-service")
					.subject("service:push-service")
					.audience("user-service")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
