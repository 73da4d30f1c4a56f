package com.bowwow.user.account;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Function;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import com.bowwow.user.HttpTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every user endpoint × every kind of credential → the contract's status: 401 for
 * missing, malformed, expired, forged or revoked tokens, 403 for another user's token,
 * success for the user's own; registration is public and ignores whatever token comes
 * along.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class AuthorizationMatrixTests extends HttpTestSupport {

	enum Credential {

		NONE((user) -> null), MALFORMED((user) -> "Bearer " + TestTokens.malformed()),
		EXPIRED((user) -> "Bearer " + TestTokens.expired(user)),
		UNKNOWN_KEY((user) -> "Bearer " + TestTokens.signedByUnknownKey(user)),
		OTHER_USER((user) -> TestTokens.authorization(UserId.random())), OWN((user) -> TestTokens.authorization(user));

		private final Function<UserId, String> header;

		Credential(Function<UserId, String> header) {
			this.header = header;
		}

	}

	enum Endpoint {

		READ("GET", "", null, 200), SETTINGS("PUT", "/settings", "{\"isOffline\":true}", 200),
		DELETE("DELETE", "", null, 204), BLOCKS("GET", "/blocks", null, 200),
		UNBLOCK("DELETE", "/blocks/" + UserId.random(), null, 204);

		private final String method;

		private final String suffix;

		private final String body;

		private final int success;

		Endpoint(String method, String suffix, String body, int success) {
			this.method = method;
			this.suffix = suffix;
			this.body = body;
			this.success = success;
		}

	}

	static java.util.stream.Stream<Arguments> matrix() {
		return java.util.Arrays.stream(Endpoint.values())
			.flatMap((endpoint) -> java.util.Arrays.stream(Credential.values())
				.map((credential) -> Arguments.of(endpoint, credential)));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("matrix")
	void userEndpoints(Endpoint endpoint, Credential credential) throws Exception {
		UserId user = UserId.parse((String) newUser().get("userID"));
		HttpResponse<String> response = send(endpoint.method, "/api/v1/users/" + user + endpoint.suffix,
				credential.header.apply(user), endpoint.body);
		switch (credential) {
			case OWN -> assertThat(response.statusCode()).as(response.body()).isEqualTo(endpoint.success);
			case OTHER_USER -> problem(response, 403, "FORBIDDEN");
			default -> problem(response, 401, "UNAUTHORIZED");
		}
	}

	@ParameterizedTest(name = "revoked token on {0}")
	@MethodSource("endpoints")
	void revokedTokens(Endpoint endpoint) throws Exception {
		Map<String, Object> user = newUser();
		String userId = (String) user.get("userID");
		assertThat(send("DELETE", "/api/v1/users/" + userId, bearer(user), null).statusCode()).isEqualTo(204);
		problem(send(endpoint.method, "/api/v1/users/" + userId + endpoint.suffix, bearer(user), endpoint.body), 401,
				"UNAUTHORIZED");
	}

	static java.util.stream.Stream<Endpoint> endpoints() {
		return java.util.Arrays.stream(Endpoint.values());
	}

	@ParameterizedTest(name = "register with {0}")
	@MethodSource("credentials")
	void registrationIsPublic(Credential credential) throws Exception {
		HttpResponse<String> response = send("POST", "/api/v1/users/register", credential.header.apply(UserId.random()),
				"{\"deviceToken\":\"" + deviceToken() + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	@ParameterizedTest(name = "refresh with {0}")
	@MethodSource("credentials")
	void refreshIsPublicAndIgnoresAnyBearer(Credential credential) throws Exception {
		Map<String, Object> user = newUser();
		HttpResponse<String> response = send("POST", "/api/v1/users/token",
				credential.header.apply(UserId.parse((String) user.get("userID"))),
				"{\"refreshToken\":\"" + user.get("refreshToken") + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(body(response).get("userID")).isEqualTo(user.get("userID"));
	}

	static java.util.stream.Stream<Credential> credentials() {
		return java.util.Arrays.stream(Credential.values());
	}

}
