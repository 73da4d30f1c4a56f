package com.bowwow.common.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.security.DevelopmentKeys;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /internal/**} over real HTTP: only a valid service token for this service, from
 * a caller the path's rule names, gets through; user tokens, the operator token, expired,
 * forged, mis-addressed and over-long tokens are refused, and so is every path without a
 * rule.
 */
@SpringBootTest(classes = InternalTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=location-service", "bowwow.environment=local",
				"bowwow.security.operator.paths=/api/v1/operator/**",
				"bowwow.security.operator.token=" + InternalSecurityTests.OPERATOR_TOKEN,
				"bowwow.internal.access[0].path=/internal/locations/**",
				"bowwow.internal.access[0].callers=signal-service",
				"bowwow.internal.access[1].path=/internal/users/*/device-token/dead",
				"bowwow.internal.access[1].callers=push-service,user-service" })
class InternalSecurityTests {

	static final String OPERATOR_TOKEN = "operator-secret-for-tests-0123456789abcdef";

	private static final String WITHIN = "/internal/locations/within?latitude=1&longitude=2";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void theAllowedCallerGetsThrough() throws Exception {
		HttpResponse<String> response = get(WITHIN, bearer(signal().tokenFor("location-service")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(this.json.readValue(response.body(), Map.class)).containsEntry("caller", "signal-service");
	}

	@Test
	void everyCallerARuleNamesGetsThroughAnyMethod() throws Exception {
		for (String caller : new String[] { "push-service", "user-service" }) {
			String token = ServiceTokens.development(caller, Clock.systemUTC()).tokenFor("location-service");
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/internal/users/u1/device-token/dead"))
				.header("Authorization", bearer(token))
				.POST(BodyPublishers.noBody()));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
	}

	@Test
	void noTokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = get(WITHIN, null);
		problem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		problem(get(WITHIN, "Basic c2lnbmFsOnNlcnZpY2U="), 401, "UNAUTHORIZED");
		problem(get(WITHIN, "Bearer "), 401, "UNAUTHORIZED");
	}

	@Test
	void aValidUserTokenNeverOpensInternalPaths() throws Exception {
		String user = userToken();
		assertThat(get("/api/v1/things", bearer(user)).statusCode()).as("the token itself is valid").isEqualTo(200);
		problem(get(WITHIN, bearer(user)), 401, "UNAUTHORIZED");
		problem(get("/internal/unruled", bearer(user)), 401, "UNAUTHORIZED");
	}

	@Test
	void theOperatorTokenNeverOpensInternalPaths() throws Exception {
		problem(get(WITHIN, bearer(OPERATOR_TOKEN)), 401, "UNAUTHORIZED");
	}

	@Test
	void anExpiredServiceTokenIsRefused() throws Exception {
		Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(2)), ZoneOffset.UTC);
		String token = ServiceTokens.development("signal-service", past).tokenFor("location-service");
		HttpResponse<String> response = get(WITHIN, bearer(token));
		assertThat(problem(response, 401, "UNAUTHORIZED").get("detail")).isEqualTo("The service token has expired");
	}

	@Test
	void aForgedServiceTokenIsRefused() throws Exception {
		// right claims and key ID, wrong key
		ECKey forger = new ECKeyGenerator(Curve.P_256).keyID("signal-service:dev-local").generate();
		Instant now = Instant.now();
		String token = sign(forger, "signal-service", "service:signal-service", "location-service", now,
				now.plusSeconds(60));
		assertThat(problem(get(WITHIN, bearer(token)), 401, "UNAUTHORIZED").get("detail"))
			.isEqualTo("The service token is invalid");
		// a valid token with one byte of the signature changed
		String valid = signal().tokenFor("location-service");
		char last = valid.charAt(valid.length() - 2);
		String tampered = valid.substring(0, valid.length() - 2) + ((last == 'A') ? 'B' : 'A')
				+ valid.charAt(valid.length() - 1);
		problem(get(WITHIN, bearer(tampered)), 401, "UNAUTHORIZED");
		// claims changed after signing
		String[] parts = valid.split("\\.");
		String otherClaims = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					("{\"iss\":\"signal-service\",\"sub\":\"service:signal-service\",\"aud\":\"location-service\",\"iat\":"
							+ now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 3600) + "}")
						.getBytes());
		problem(get(WITHIN, bearer(parts[0] + "." + otherClaims + "." + parts[2])), 401, "UNAUTHORIZED");
	}

	@Test
	void oneServicesKeyCannotSpeakForAnother() throws Exception {
		// push-service's real key, claiming to be signal-service
		ECKey push = DevelopmentServiceKeys.signingKey("push-service").orElseThrow();
		Instant now = Instant.now();
		problem(get(WITHIN, bearer(
				sign(push, "signal-service", "service:signal-service", "location-service", now, now.plusSeconds(60)))),
				401, "UNAUTHORIZED");
		ECKey signal = DevelopmentServiceKeys.signingKey("signal-service").orElseThrow();
		problem(get(WITHIN, bearer(
				sign(signal, "signal-service", "service:push-service", "location-service", now, now.plusSeconds(60)))),
				401, "UNAUTHORIZED");
	}

	@Test
	void aTokenForAnotherServiceIsRefused() throws Exception {
		problem(get(WITHIN, bearer(signal().tokenFor("user-service"))), 401, "UNAUTHORIZED");
	}

	@Test
	void theWrongCallingServiceIsForbidden() throws Exception {
		String push = ServiceTokens.development("push-service", Clock.systemUTC()).tokenFor("location-service");
		HttpResponse<String> response = get(WITHIN, bearer(push));
		assertThat(problem(response, 403, "FORBIDDEN").get("detail"))
			.isEqualTo("This service may not call this endpoint");
	}

	@Test
	void aPathWithoutARuleIsForbiddenToEveryone() throws Exception {
		problem(get("/internal/unruled", bearer(signal().tokenFor("location-service"))), 403, "FORBIDDEN");
		problem(get("/internal/unruled", null), 401, "UNAUTHORIZED");
	}

	@Test
	void encodedOrRespelledPathsDoNotEscapeTheRules() throws Exception {
		String push = ServiceTokens.development("push-service", Clock.systemUTC()).tokenFor("location-service");
		for (String path : new String[] { "/%69nternal/locations/within?latitude=1", "/internal/%6Cocations/within",
				"/internal/locations/within/", "/internal/locations/within;x=1", "/internal//locations/within",
				"/internal/users/../locations/within", "/internal/users/%2e%2e/locations/within" }) {
			HttpResponse<String> anonymous = get(path, null);
			assertThat(anonymous.statusCode()).as(path + " " + anonymous.body()).isIn(400, 401, 404);
			HttpResponse<String> wrongCaller = get(path, bearer(push));
			assertThat(wrongCaller.statusCode()).as(path + " " + wrongCaller.body()).isIn(400, 403, 404);
		}
	}

	@Test
	void longLivedTokensAreRefusedEvenWhenSignedByTheCaller() throws Exception {
		ECKey signal = DevelopmentServiceKeys.signingKey("signal-service").orElseThrow();
		Instant now = Instant.now();
		problem(get(WITHIN, bearer(sign(signal, "signal-service", "service:signal-service", "location-service", now,
				now.plus(Duration.ofHours(1))))), 401, "UNAUTHORIZED");
		problem(get(WITHIN,
				bearer(sign(signal, "signal-service", "service:signal-service", "location-service", now, null))), 401,
				"UNAUTHORIZED");
		problem(get(WITHIN, bearer(sign(signal, "signal-service", "service:signal-service", "location-service",
				now.plusSeconds(600), now.plusSeconds(660)))), 401, "UNAUTHORIZED");
	}

	@Test
	void otherAlgorithmsAreRefused() throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = claims("signal-service", "service:signal-service", "location-service", now,
				now.plusSeconds(60));
		problem(get(WITHIN, bearer(new PlainJWT(claims).serialize())), 401, "UNAUTHORIZED");
		SignedJWT hmac = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("signal-service:dev-local").build(), claims);
		hmac.sign(new MACSigner(new byte[32]));
		problem(get(WITHIN, bearer(hmac.serialize())), 401, "UNAUTHORIZED");
		problem(get(WITHIN, bearer("not.a.jwt")), 401, "UNAUTHORIZED");
		problem(get(WITHIN, bearer("x".repeat(5_000))), 401, "UNAUTHORIZED");
	}

	private static ServiceTokens signal() {
		return ServiceTokens.development("signal-service", Clock.systemUTC());
	}

	private static String userToken() throws Exception {
		ECKey key = ECKey.parse(DevelopmentKeys.SIGNING_KEY);
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject(UUID.randomUUID().toString())
					.issuer("https://api.bowwow.app")
					.audience("bowwow-api")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(600)))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	static String sign(ECKey key, String issuer, String subject, String audience, Instant issuedAt, Instant expiresAt)
			throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				claims(issuer, subject, audience, issuedAt, expiresAt));
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private static JWTClaimsSet claims(String issuer, String subject, String audience, Instant issuedAt,
			Instant expiresAt) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.audience(audience)
			.issueTime(Date.from(issuedAt));
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		return claims.build();
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("code")).isEqualTo(code);
		return body;
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
