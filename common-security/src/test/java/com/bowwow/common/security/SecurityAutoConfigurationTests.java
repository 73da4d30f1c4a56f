package com.bowwow.common.security;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared resource-server rules over real HTTP: which paths are public, which tokens
 * are refused and how, the WebSocket query-parameter exception and operator paths.
 * Revocation needs Redis and is tested in user-service.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=test-service", "bowwow.security.operator.paths=/api/v1/ops/**",
				"bowwow.security.operator.token=" + SecurityAutoConfigurationTests.OPERATOR_TOKEN,
				"bowwow.security.public-paths[0].method=POST",
				"bowwow.security.public-paths[0].path=/api/v1/users/register" })
class SecurityAutoConfigurationTests {

	static final String OPERATOR_TOKEN = "operator-secret-for-tests-0123456789abcdef";

	private static final ECKey TRUSTED = key("trusted");

	private static final ECKey UNTRUSTED = key("untrusted");

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final UserId alice = UserId.random();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("bowwow.security.jwt.verification-keys", () -> new JWKSet(TRUSTED.toPublicJWK()).toString());
	}

	@Test
	void ownTokenReachesTheControllerAsTheCaller() throws Exception {
		HttpResponse<String> response = get("/api/v1/users/" + this.alice, "Bearer " + token(this.alice));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readValue(response.body(), Map.class)).containsEntry("caller", this.alice.toString());
	}

	@Test
	void anotherUsersTokenIsForbidden() throws Exception {
		Map<?, ?> problem = problem(get("/api/v1/users/" + this.alice, "Bearer " + token(UserId.random())), 403,
				"FORBIDDEN");
		assertThat(problem.get("detail")).isEqualTo("The access token belongs to another user");
	}

	@Test
	void aTokensSignatureIsCheckedOnceWithEs256ThenRemembered() throws Exception {
		String token = token(this.alice);
		long before = Es256.checks();
		assertThat(get("/api/v1/users/" + this.alice, "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(get("/api/v1/users/" + this.alice, "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(Es256.checks() - before).isOne();
		assertThat(this.meters.get(Es256MetricsAutoConfiguration.CHECKS).functionCounter().count())
			.isEqualTo(Es256.checks());
	}

	@Test
	void missingTokenIsUnauthorizedWithAChallenge() throws Exception {
		HttpResponse<String> response = get("/api/v1/users/" + this.alice, null);
		problem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void otherSchemesAreUnauthorized() throws Exception {
		problem(get("/api/v1/stream", "Basic dXNlcjpwYXNz"), 401, "UNAUTHORIZED");
	}

	@Test
	void malformedTokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = get("/api/v1/stream", "Bearer not.a-valid.jwt");
		assertThat(problem(response, 401, "UNAUTHORIZED").get("detail")).isEqualTo("The access token is invalid");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("Bearer error=\"invalid_token\"");
	}

	@Test
	void aBearerHeaderWithoutAWellFormedTokenIsUnauthorized() throws Exception {
		for (String header : new String[] { "Bearer", "Bearer  x.y.z", "Bearer x.y.z ", "Bearer x,y.z",
				"Bearer x=y" }) {
			HttpResponse<String> response = get("/api/v1/stream", header);
			// refused as a bad token, not read as no token at all
			assertThat(problem(response, 401, "UNAUTHORIZED").get("detail")).as(header)
				.isEqualTo("The access token is invalid");
		}
	}

	@Test
	void expiredTokenIsUnauthorizedAndSaysSo() throws Exception {
		Instant issued = Instant.now().minus(Duration.ofHours(2));
		String expired = sign(TRUSTED, this.alice.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, issued,
				issued.plus(Duration.ofHours(1)));
		assertThat(problem(get("/api/v1/stream", "Bearer " + expired), 401, "UNAUTHORIZED").get("detail"))
			.isEqualTo("The access token has expired");
	}

	@Test
	void tokenFromAnUnknownKeyIsUnauthorized() throws Exception {
		Instant now = Instant.now();
		String forged = sign(UNTRUSTED, this.alice.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, now,
				now.plusSeconds(600));
		problem(get("/api/v1/stream", "Bearer " + forged), 401, "UNAUTHORIZED");
	}

	@Test
	void wrongIssuerAudienceOrSubjectIsUnauthorized() throws Exception {
		Instant now = Instant.now();
		Instant later = now.plusSeconds(600);
		String subject = this.alice.toString();
		problem(get("/api/v1/stream",
				"Bearer " + sign(TRUSTED, subject, "https://evil.example", AccessTokens.AUDIENCE, now, later)), 401,
				"UNAUTHORIZED");
		problem(get("/api/v1/stream", "Bearer " + sign(TRUSTED, subject, AccessTokens.ISSUER, "other-api", now, later)),
				401, "UNAUTHORIZED");
		problem(get("/api/v1/stream",
				"Bearer " + sign(TRUSTED, "not-a-uuid", AccessTokens.ISSUER, AccessTokens.AUDIENCE, now, later)), 401,
				"UNAUTHORIZED");
		problem(get("/api/v1/stream",
				"Bearer " + sign(TRUSTED, subject, AccessTokens.ISSUER, AccessTokens.AUDIENCE, now, null)), 401,
				"UNAUTHORIZED");
	}

	@Test
	void revokedUsersAreUnauthorized() throws Exception {
		UserId revoked = SecurityTestApplication.REVOKED;
		Map<?, ?> problem = problem(get("/api/v1/users/" + revoked, "Bearer " + token(revoked)), 401, "UNAUTHORIZED");
		assertThat(problem.get("detail")).isEqualTo("The access token has been revoked");
	}

	@Test
	void suspendedUsersAreForbiddenWithTheirOwnCodeAndNoChallenge() throws Exception {
		UserId suspended = SecurityTestApplication.SUSPENDED;
		HttpResponse<String> response = get("/api/v1/users/" + suspended, "Bearer " + token(suspended));
		Map<?, ?> problem = problem(response, 403, "ACCOUNT_SUSPENDED");
		assertThat(problem.get("detail")).isEqualTo("This account is suspended");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		// every endpoint, the WebSocket upgrade included
		assertThat(rawGet("/api/v1/stream?access_token=" + token(suspended), "Upgrade: websocket"))
			.startsWith("HTTP/1.1 403");
		// public paths stay public (the token is ignored there)
		assertThat(send(HttpRequest.newBuilder(uri("/api/v1/users/register"))
			.header("Authorization", "Bearer " + token(suspended))
			.POST(BodyPublishers.noBody())).statusCode()).isEqualTo(200);
		// operators are unaffected
		assertThat(get("/api/v1/ops/stats", "Bearer " + OPERATOR_TOKEN).statusCode()).isEqualTo(200);
	}

	@Test
	void anUncheckableTokenIsUnavailableNotUnauthorized() throws Exception {
		UserId user = SecurityTestApplication.UNCHECKABLE;
		HttpResponse<String> response = get("/api/v1/users/" + user, "Bearer " + token(user));
		problem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
	}

	@Test
	void publicPathsIgnoreEvenABrokenToken() throws Exception {
		HttpResponse<String> register = send(HttpRequest.newBuilder(uri("/api/v1/users/register"))
			.header("Authorization", "Bearer expired.or.broken")
			.POST(BodyPublishers.noBody()));
		assertThat(register.statusCode()).isEqualTo(200);
		assertThat(this.json.readValue(register.body(), Map.class)).containsEntry("anonymous", "true");
		// /internal/** is no longer public: service tokens only (InternalSecurityTests)
		problem(get("/internal/ping", "Bearer broken"), 401, "UNAUTHORIZED");
		assertThat(get("/health", null).statusCode()).isIn(200, 503);
	}

	@Test
	void unknownPathsOutsideTheApiAreNotFound() throws Exception {
		problem(get("/no-such-path", null), 404, "NOT_FOUND");
	}

	@Test
	void queryParameterTokenOnlyForWebSocketUpgrades() throws Exception {
		String token = token(this.alice);
		HttpResponse<String> plain = get("/api/v1/stream?access_token=" + token, null);
		problem(plain, 401, "UNAUTHORIZED");
		// java.net.http refuses to set Upgrade itself, so this request goes over a raw
		// socket
		String upgrade = rawGet("/api/v1/stream?access_token=" + token, "Upgrade: websocket");
		assertThat(upgrade).startsWith("HTTP/1.1 200").contains("\"caller\":\"" + this.alice + "\"");
		assertThat(rawGet("/api/v1/stream?access_token=" + token(UserId.random()) + "x", "Upgrade: websocket"))
			.startsWith("HTTP/1.1 401");
	}

	@Test
	void operatorPathsTakeOnlyTheOperatorCredential() throws Exception {
		assertThat(get("/api/v1/ops/stats", "Bearer " + OPERATOR_TOKEN).statusCode()).isEqualTo(200);
		problem(get("/api/v1/ops/stats", "Bearer " + token(this.alice)), 401, "UNAUTHORIZED");
		problem(get("/api/v1/ops/stats", "Bearer " + OPERATOR_TOKEN + "x"), 401, "UNAUTHORIZED");
		problem(get("/api/v1/ops/stats", null), 401, "UNAUTHORIZED");
		problem(get("/api/v1/stream", "Bearer " + OPERATOR_TOKEN), 401, "UNAUTHORIZED");
	}

	private Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("code")).isEqualTo(code);
		assertThat(body.get("status")).isEqualTo(status);
		return body;
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private String rawGet(String path, String header) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	static ECKey trustedKey() {
		return TRUSTED;
	}

	static String token(UserId userId) throws Exception {
		Instant now = Instant.now();
		return sign(TRUSTED, userId.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, now, now.plusSeconds(600));
	}

	static String sign(ECKey key, String subject, String issuer, String audience, Instant issuedAt, Instant expiresAt)
			throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer)
			.audience(audience)
			.issueTime(Date.from(issuedAt))
			.jwtID(UUID.randomUUID().toString());
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	static ECKey key(String id) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(id).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
