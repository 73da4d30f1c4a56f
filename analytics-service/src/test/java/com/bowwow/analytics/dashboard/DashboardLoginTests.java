package com.bowwow.analytics.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import com.bowwow.analytics.AnalyticsServiceTest;
import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's login, session cookie and request-origin checks, over real HTTP. */
@AnalyticsServiceTest
class DashboardLoginTests {

	private static final String BASE = "/api/v1/analytics/dashboard";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void theDashboardSendsStrangersToTheLoginForm() throws Exception {
		HttpResponse<String> page = get(BASE, null);
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location")).hasValue(BASE + "/login");
		HttpResponse<String> login = get(BASE + "/login", null);
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("name=\"token\"").contains("action=\"" + BASE + "/login\"");
		assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
	}

	@Test
	void theRightTokenGivesASignedHttpOnlyStrictCookieAndTheDashboard() throws Exception {
		HttpResponse<String> login = login(AnalyticsServiceTest.OPERATOR_TOKEN, null);
		assertThat(login.statusCode()).isEqualTo(303);
		assertThat(login.headers().firstValue("Location")).hasValue(BASE);
		String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith(DashboardSessions.COOKIE + "=v1.")
			.contains("HttpOnly")
			.contains("SameSite=Strict")
			.contains("Path=/api/v1/analytics")
			.contains("Max-Age=28800")
			.doesNotContain(AnalyticsServiceTest.OPERATOR_TOKEN)
			.doesNotContain("Secure");
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));

		HttpResponse<String> page = get(BASE, cookie);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("chart-signals").contains("assets/vendor/chart.umd.min.js");
		assertThat(get(BASE + "/data?range=1h", cookie).statusCode()).isEqualTo(200);
		assertThat(get(BASE + "/assets/vendor/chart.umd.min.js", null).statusCode()).isEqualTo(200);
		assertThat(get(BASE + "/assets/dashboard.js", null).statusCode()).isEqualTo(200);
		// The cookie is for the dashboard only: the contract endpoints still want the
		// bearer token.
		assertThat(get("/api/v1/analytics/stats", cookie).statusCode()).isEqualTo(401);
	}

	@Test
	void behindHttpsTheCookieIsSecure() throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri(BASE + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Forwarded-Proto", "https")
			.POST(BodyPublishers.ofString("token=" + AnalyticsServiceTest.OPERATOR_TOKEN)));
		assertThat(login.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("Secure"));
	}

	@Test
	void aWrongTokenIsRefusedWithoutACookie() throws Exception {
		HttpResponse<String> login = login("wrong-token", null);
		assertThat(login.statusCode()).isEqualTo(401);
		assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(login.body()).contains("That is not the operator token.");
	}

	@Test
	void loginsFromOtherSitesAreRefused() throws Exception {
		HttpResponse<String> foreignOrigin = login(AnalyticsServiceTest.OPERATOR_TOKEN, "https://evil.example");
		assertThat(foreignOrigin.statusCode()).isEqualTo(403);
		assertThat(foreignOrigin.headers().firstValue("Set-Cookie")).isEmpty();
		HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri(BASE + "/logout"))
			.header("Sec-Fetch-Site", "cross-site")
			.POST(BodyPublishers.noBody()));
		assertThat(crossSite.statusCode()).isEqualTo(403);
		HttpResponse<String> sameSite = send(HttpRequest.newBuilder(uri(BASE + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Sec-Fetch-Site", "same-site")
			.POST(BodyPublishers.ofString("token=" + AnalyticsServiceTest.OPERATOR_TOKEN)));
		assertThat(sameSite.statusCode()).as("a sibling subdomain is another site here").isEqualTo(403);
		// Behind the gateway the Host differs from the Origin; Fetch Metadata decides.
		HttpResponse<String> viaGateway = send(HttpRequest.newBuilder(uri(BASE + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", "https://bowwow.example")
			.header("Sec-Fetch-Site", "same-origin")
			.POST(BodyPublishers.ofString("token=" + AnalyticsServiceTest.OPERATOR_TOKEN)));
		assertThat(viaGateway.statusCode()).isEqualTo(303);
		HttpResponse<String> forwarded = send(HttpRequest.newBuilder(uri(BASE + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Origin", "https://bowwow.example")
			.header("X-Forwarded-Host", "bowwow.example")
			.POST(BodyPublishers.ofString("token=" + AnalyticsServiceTest.OPERATOR_TOKEN)));
		assertThat(forwarded.statusCode()).isEqualTo(303);
		assertThat(login(AnalyticsServiceTest.OPERATOR_TOKEN, "http://localhost:" + this.port).statusCode())
			.isEqualTo(303);
	}

	@Test
	void forgedOrStaleCookiesAreRefused() throws Exception {
		assertThat(get(BASE + "/data", DashboardSessions.COOKIE + "=v1.99999999999.AAAA.AAAA").statusCode())
			.isEqualTo(401);
		assertThat(
				get(BASE + "/data", DashboardSessions.COOKIE + "=" + AnalyticsServiceTest.OPERATOR_TOKEN).statusCode())
			.isEqualTo(401);
		assertThat(get(BASE, DashboardSessions.COOKIE + "=garbage").statusCode()).isEqualTo(303);
	}

	@Test
	void theDataAcceptsTheOperatorBearerButNoUserToken() throws Exception {
		assertThat(bearer(BASE + "/data", AnalyticsServiceTest.OPERATOR_TOKEN).statusCode()).isEqualTo(200);
		assertThat(bearer(BASE + "/data", TestTokens.bearer(UserId.random())).statusCode()).isEqualTo(401);
	}

	@Test
	void loggingOutClearsTheCookie() throws Exception {
		HttpResponse<String> logout = send(HttpRequest.newBuilder(uri(BASE + "/logout"))
			.header("Origin", "http://localhost:" + this.port)
			.POST(BodyPublishers.noBody()));
		assertThat(logout.statusCode()).isEqualTo(303);
		assertThat(logout.headers().firstValue("Location")).hasValue(BASE + "/login?signedOut");
		assertThat(logout.headers().allValues("Set-Cookie")).singleElement()
			.satisfies(
					(cookie) -> assertThat(cookie).startsWith(DashboardSessions.COOKIE + "=;").contains("Max-Age=0"));
		assertThat(get(BASE + "/login?signedOut", null).body()).contains("You are signed out.");
	}

	@Test
	void theApiDescriptionHasTheFiguresButNotTheDashboard() throws Exception {
		HttpResponse<String> docs = get("/v3/api-docs", null);
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("/api/v1/analytics/stats")
			.contains("/api/v1/analytics/signals/activity")
			.contains("/api/v1/analytics/users/activity")
			.doesNotContain("/dashboard");
	}

	private HttpResponse<String> login(String token, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(BASE + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("token=" + token));
		if (origin != null) {
			request.header("Origin", origin);
		}
		return send(request);
	}

	private HttpResponse<String> get(String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return send(request);
	}

	private HttpResponse<String> bearer(String path, String token) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
