package com.bowwow.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.bowwow.e2e.GatewayClient.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's view of a journey, through the gateway: after two users register, move
 * and one signals the other, analytics-service (fed only by events) counts exactly that
 * much more; user tokens are refused; the dashboard signs the operator in with a cookie.
 * The other journeys share the stack and run before or after (never alongside) this one,
 * so figures are compared as differences from a baseline, over ranges that cannot slide
 * during the test (all time and 30 days).
 */
@ExtendWith(StackExtension.class)
class AnalyticsIT {

	private static final double LATITUDE = 40.7580;

	private static final double LONGITUDE = -73.9855;

	private static final String OPERATOR = StackExtension.OPERATOR_TOKEN;

	private final URI gateway = StackExtension.stack().gateway();

	private final GatewayClient client = new GatewayClient(this.gateway);

	@Test
	void theOperatorSeesTheJourneyInTheFigures() throws Exception {
		Figures before = settledFigures();

		Account sender = this.client.register("mile");
		Account receiver = this.client.register("kilometer");
		this.client.moveTo(sender, LATITUDE, LONGITUDE);
		this.client.moveTo(receiver, LATITUDE + GatewayClient.MILE_NORTH, LONGITUDE);
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.client.nearby(sender)
				.stream()
				.anyMatch((entry) -> receiver.userId().equals(entry.get("userID"))));
		HttpResponse<String> sent = this.client.sendSignal(sender, LATITUDE, LONGITUDE, 4.0);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);

		// Events travel asynchronously: wait until the receipt (after about a second of
		// wave travel) has been counted, then compare everything.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> number(figures().users30d(), "signalReceivers") > number(before.users30d(),
					"signalReceivers"));
		Figures after = figures();

		assertThat(delta(before.stats(), after.stats(), "totalUsers")).isEqualTo(2);
		assertThat(delta(before.stats(), after.stats(), "totalSignals")).isEqualTo(1);
		assertThat(number(after.stats(), "activeSignals")).isGreaterThanOrEqualTo(1);
		assertThat(number(after.stats(), "activeUsers")).isGreaterThanOrEqualTo(2);
		assertThat(delta(before.signals30d(), after.signals30d(), "totalSignals")).isEqualTo(1);
		Map<?, ?> bandsBefore = (Map<?, ?>) before.signals30d().get("signalsByDistance");
		Map<?, ?> bandsAfter = (Map<?, ?>) after.signals30d().get("signalsByDistance");
		assertThat(delta(bandsBefore, bandsAfter, "3-5")).as("a 4-mile signal").isEqualTo(1);
		assertThat(delta(before.users30d(), after.users30d(), "activeUsers")).isEqualTo(2);
		assertThat(delta(before.users30d(), after.users30d(), "signalSenders")).isEqualTo(1);
		assertThat(delta(before.users30d(), after.users30d(), "signalReceivers")).isEqualTo(1);
		assertThat(after.users30d().get("timeRange")).isEqualTo("30d");
		assertThat((String) after.stats().get("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

		// Users may not ask, whatever their token.
		for (String path : new String[] { "/api/v1/analytics/stats", "/api/v1/analytics/users/activity?range=24h",
				"/api/v1/analytics/dashboard/data" }) {
			int status = this.client.send("GET", path, sender.token(), null).statusCode();
			assertThat(status).as(path).isIn(401, 403);
		}
		HttpResponse<String> badRange = this.client.send("GET", "/api/v1/analytics/signals/activity?range=2d", OPERATOR,
				null);
		assertThat(badRange.statusCode()).isEqualTo(400);
		assertThat(this.client.read(badRange).get("allowedValues")).isNotNull();
	}

	@Test
	void theDashboardSignsTheOperatorInThroughTheGateway() throws Exception {
		HttpClient browser = HttpClient.newHttpClient();
		HttpResponse<String> anonymous = browser.send(
				HttpRequest.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard")).build(),
				BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(303);
		HttpResponse<String> loginPage = browser.send(
				HttpRequest.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard/login")).build(),
				BodyHandlers.ofString());
		assertThat(loginPage.statusCode()).isEqualTo(200);
		assertThat(loginPage.body()).contains("Operator token");

		// As a current browser posts the form: Fetch Metadata, and the gateway's Origin.
		String origin = this.gateway.getScheme() + "://" + this.gateway.getRawAuthority();
		HttpResponse<String> login = browser
			.send(HttpRequest.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", origin)
				.header("Sec-Fetch-Site", "same-origin")
				.POST(BodyPublishers.ofString("token=" + OPERATOR))
				.build(), BodyHandlers.ofString());
		assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
		String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(OPERATOR);
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));

		HttpResponse<String> data = browser
			.send(HttpRequest.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard/data?range=1h"))
				.header("Cookie", cookie)
				.build(), BodyHandlers.ofString());
		assertThat(data.statusCode()).as(data.body()).isEqualTo(200);
		assertThat(this.client.read(data).keySet()).map(String::valueOf)
			.contains("stats", "signalsOverTime", "pushOutcomes", "lateness", "connections");
		HttpResponse<String> noCookie = browser.send(
				HttpRequest.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard/data")).build(),
				BodyHandlers.ofString());
		assertThat(noCookie.statusCode()).isEqualTo(401);
		HttpResponse<String> chartJs = browser.send(HttpRequest
			.newBuilder(this.gateway.resolve("/api/v1/analytics/dashboard/assets/vendor/chart.umd.min.js"))
			.build(), BodyHandlers.ofString());
		assertThat(chartJs.statusCode()).isEqualTo(200);
	}

	/**
	 * Figures that stopped moving: events of the journey that ran before this one may
	 * still be on their way.
	 */
	private Figures settledFigures() throws Exception {
		Figures[] last = { figures() };
		await().atMost(Duration.ofSeconds(30))
			.pollDelay(Duration.ofSeconds(2))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> {
				Figures now = figures();
				boolean settled = now.withoutTimestamps().equals(last[0].withoutTimestamps());
				last[0] = now;
				return settled;
			});
		return last[0];
	}

	private Figures figures() throws Exception {
		return new Figures(get("/api/v1/analytics/stats"), get("/api/v1/analytics/signals/activity?range=30d"),
				get("/api/v1/analytics/users/activity?range=30d"));
	}

	private Map<?, ?> get(String path) throws Exception {
		HttpResponse<String> response = this.client.send("GET", path, OPERATOR, null);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return this.client.read(response);
	}

	private static long delta(Map<?, ?> before, Map<?, ?> after, String key) {
		return number(after, key) - number(before, key);
	}

	private static long number(Map<?, ?> figures, String key) {
		return ((Number) figures.get(key)).longValue();
	}

	private record Figures(Map<?, ?> stats, Map<?, ?> signals30d, Map<?, ?> users30d) {

		/** Everything but the timestamps and the figures that slide with the clock. */
		List<Object> withoutTimestamps() {
			return List.of(this.stats.get("totalUsers"), this.stats.get("totalSignals"),
					this.signals30d.get("totalSignals"), this.signals30d.get("signalsByDistance"),
					this.users30d.get("activeUsers"), this.users30d.get("signalSenders"),
					this.users30d.get("signalReceivers"));
		}

	}

}
