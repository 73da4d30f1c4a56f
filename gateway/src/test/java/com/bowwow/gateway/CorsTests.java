package com.bowwow.gateway;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

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
		problem(response, 403, "CORS_REJECTED");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void requestsFromAnotherOriginAreRefusedWithAProblem() throws Exception {
		UserId user = UserId.random();
		HttpResponse<String> response = send(
				authorized("/api/v1/users/" + user, user).header("Origin", "https://evil.example"));
		Map<?, ?> problem = problem(response, 403, "CORS_REJECTED");
		assertThat(problem.get("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(users.received("/api/v1/users/" + user)).isFalse();
	}

	@Test
	void theDashboardSignInPostedByChromiumWithOriginNullReachesTheService() throws Exception {
		// The login page sends Referrer-Policy: no-referrer, so Chromium posts the form
		// with
		// Origin: null and Fetch Metadata that says it is same-origin.
		HttpResponse<String> response = send(
				dashboardLogin("null").header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "navigate"));
		Map<?, ?> forwarded = forwarded(response);
		assertThat(forwarded.get("path")).isEqualTo("/api/v1/analytics/dashboard/login");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void originNullWithoutSameOriginFetchMetadataIsStillRefused() throws Exception {
		problem(send(dashboardLogin("null")), 403, "CORS_REJECTED");
		// Sandboxed frames and data: pages have an opaque origin: cross-site.
		problem(send(dashboardLogin("null").header("Sec-Fetch-Site", "cross-site")), 403, "CORS_REJECTED");
		problem(send(dashboardLogin("null").header("Sec-Fetch-Site", "same-site")), 403, "CORS_REJECTED");
		HttpResponse<String> preflight = send(
				request("/api/v1/analytics/dashboard/login").method("OPTIONS", BodyPublishers.noBody())
					.header("Origin", "null")
					.header("Sec-Fetch-Site", "same-origin")
					.header("Access-Control-Request-Method", "POST"));
		problem(preflight, 403, "CORS_REJECTED");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private java.net.http.HttpRequest.Builder dashboardLogin(String origin) {
		return request("/api/v1/analytics/dashboard/login").header("Origin", origin)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("token=whatever"));
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
