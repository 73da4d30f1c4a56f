package com.bowwow.gateway;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers on an allowed origin (the local development default here) may call the API;
 * other origins get no CORS grant.
 */
class CorsTests extends GatewayTestSupport {

	private static final String ALLOWED = "http://localhost:3000";

	@Test
	void preflightFromAnAllowedOriginIsAnsweredWithoutAToken() throws Exception {
		HttpResponse<String> response = send(
				request("/api/v1/users/" + UserId.random() + "/settings").method("OPTIONS", BodyPublishers.noBody())
					.header("Origin", ALLOWED)
					.header("Access-Control-Request-Method", "PUT")
					.header("Access-Control-Request-Headers", "authorization,content-type"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("PUT");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization", "content-type");
		assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");
	}

	@Test
	void preflightFromAnotherOriginIsRefused() throws Exception {
		HttpResponse<String> response = send(
				request("/api/v1/users/register").method("OPTIONS", BodyPublishers.noBody())
					.header("Origin", "https://evil.example")
					.header("Access-Control-Request-Method", "POST"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void responsesToAnAllowedOriginExposeTheRequestIdEvenOnErrors() throws Exception {
		UserId user = UserId.random();
		HttpResponse<String> ok = send(authorized("/api/v1/users/" + user, user).header("Origin", ALLOWED));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
		assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("X-Request-Id");
		HttpResponse<String> refused = send(request("/api/v1/users/" + user).header("Origin", ALLOWED));
		problem(refused, 401, "UNAUTHORIZED");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
	}

}
