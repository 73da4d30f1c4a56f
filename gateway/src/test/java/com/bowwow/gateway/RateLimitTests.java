package com.bowwow.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.bowwow.common.id.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis-backed rate limits per user and per client IP (as the ALB reports it in
 * {@code X-Forwarded-For}), with tiny budgets so the tests reach them quickly. Each test
 * uses its own client addresses and users, so buckets never carry over between tests.
 */
@TestPropertySource(properties = { "bowwow.gateway.rate-limit.per-user.requests-per-minute=1",
		"bowwow.gateway.rate-limit.per-user.burst=3", "bowwow.gateway.rate-limit.per-ip.requests-per-minute=1",
		"bowwow.gateway.rate-limit.per-ip.burst=5",
		"bowwow.gateway.rate-limit.registration-per-ip.requests-per-minute=1",
		"bowwow.gateway.rate-limit.registration-per-ip.burst=2" })
class RateLimitTests extends GatewayTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void eachUserHasABudgetWhereverTheyConnectFrom() throws Exception {
		UserId user = UserId.random();
		double rejectedBefore = rejections("user");
		for (int i = 0; i < 3; i++) {
			assertThat(send(userRequest(user, randomIp())).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = send(userRequest(user, randomIp()));
		assertRateLimited(refused);
		assertThat(rejections("user")).isEqualTo(rejectedBefore + 1);
		UserId other = UserId.random();
		assertThat(send(userRequest(other, randomIp())).statusCode()).isEqualTo(200);
	}

	@Test
	void eachClientAddressHasABudgetWhoeverSendsFromIt() throws Exception {
		String ip = randomIp();
		double rejectedBefore = rejections("ip");
		for (int i = 0; i < 5; i++) {
			assertThat(send(userRequest(UserId.random(), ip)).statusCode()).isEqualTo(200);
		}
		assertRateLimited(send(userRequest(UserId.random(), ip)));
		assertThat(rejections("ip")).isEqualTo(rejectedBefore + 1);
		assertThat(send(userRequest(UserId.random(), randomIp())).statusCode()).isEqualTo(200);
	}

	@Test
	void requestsWithoutValidTokensCountAgainstTheAddressToo() throws Exception {
		String ip = randomIp();
		for (int i = 0; i < 5; i++) {
			problem(send(request("/api/v1/users/" + UserId.random()).header("X-Forwarded-For", ip)
				.header("Authorization", "Bearer guessed")), 401, "UNAUTHORIZED");
		}
		assertRateLimited(send(request("/api/v1/users/" + UserId.random()).header("X-Forwarded-For", ip)));
	}

	@Test
	void registrationHasAStricterBudgetPerAddress() throws Exception {
		String ip = randomIp();
		double rejectedBefore = rejections("registration");
		for (int i = 0; i < 2; i++) {
			assertThat(send(register(ip)).statusCode()).isEqualTo(200);
		}
		assertRateLimited(send(register(ip)));
		assertThat(rejections("registration")).isEqualTo(rejectedBefore + 1);
		// The address still has general budget left for other calls, and other addresses
		// can register.
		assertThat(send(userRequest(UserId.random(), ip)).statusCode()).isEqualTo(200);
		assertThat(send(register(randomIp())).statusCode()).isEqualTo(200);
	}

	@Test
	void percentEncodedRegistrationPathsDrawFromTheSameBudget() throws Exception {
		String ip = randomIp();
		String[] variants = { "/api/v1/users/%72egister", "/%61pi/v1/users/register", "/api/%76%31/%75sers/register",
				"/api/v1/users/registe%72", "/%61%70%69/v1/users/register" };
		assertThat(send(register(ip, variants[0])).statusCode()).isEqualTo(200);
		assertThat(send(register(ip, variants[1])).statusCode()).isEqualTo(200);
		for (String variant : variants) {
			assertRateLimited(send(register(ip, variant)));
		}
		// What the service received was the canonical path.
		assertThat(users.received("/api/v1/users/register")).isTrue();
		assertThat(users.received("/api/v1/users/%72egister")).isFalse();
	}

	@Test
	void theRefreshTokenExchangeIsPublicAndSharesTheRegistrationBudget() throws Exception {
		String ip = randomIp();
		assertThat(send(register(ip, "/api/v1/users/token")).statusCode()).isEqualTo(200);
		assertThat(send(register(ip, "/api/v1/users/register")).statusCode()).isEqualTo(200);
		assertRateLimited(send(register(ip, "/api/v1/users/%74oken")));
		assertThat(users.received("/api/v1/users/token")).isTrue();
	}

	@Test
	void percentEncodedPathsDrawFromTheAddressAndUserBudgets() throws Exception {
		String ip = randomIp();
		UserId user = UserId.random();
		String[] variants = { "/%61pi/v1/users/" + user, "/api/%76%31/users/" + user, "/api/v1/%75sers/" + user };
		for (int i = 0; i < 3; i++) {
			assertThat(send(authorized(variants[i], user).header("X-Forwarded-For", ip)).statusCode()).isEqualTo(200);
		}
		for (String variant : variants) {
			assertRateLimited(send(authorized(variant, user).header("X-Forwarded-For", randomIp())));
		}
		String other = randomIp();
		for (int i = 0; i < 5; i++) {
			send(request(variants[i % 3].replace("/users/", "/%75sers/")).header("X-Forwarded-For", other));
		}
		assertRateLimited(send(request("/%61pi/v1/signals/received").header("X-Forwarded-For", other)));
	}

	@Test
	void addressesTheClientPrependsToForwardedForAreIgnored() throws Exception {
		String ip = randomIp();
		for (int i = 0; i < 5; i++) {
			// Only the hop the (one trusted) proxy appended counts.
			assertThat(send(userRequest(UserId.random(), randomIp() + ", " + ip)).statusCode()).isEqualTo(200);
		}
		assertRateLimited(send(userRequest(UserId.random(), randomIp() + "," + randomIp() + ", " + ip)));
	}

	@Test
	void healthIsNotLimited() throws Exception {
		String ip = randomIp();
		for (int i = 0; i < 8; i++) {
			assertThat(send(request("/health").header("X-Forwarded-For", ip)).statusCode()).isEqualTo(200);
		}
	}

	private void assertRateLimited(HttpResponse<String> response) {
		Map<?, ?> problem = problem(response, 429, "RATE_LIMITED");
		long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
		// One request per minute refills a token within a minute.
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(((Number) problem.get("retryAfterSeconds")).longValue()).isEqualTo(retryAfter);
	}

	private HttpRequest.Builder userRequest(UserId user, String forwardedFor) {
		return authorized("/api/v1/users/" + user, user).header("X-Forwarded-For", forwardedFor);
	}

	private HttpRequest.Builder register(String forwardedFor) {
		return register(forwardedFor, "/api/v1/users/register");
	}

	private HttpRequest.Builder register(String forwardedFor, String path) {
		return request(path).header("X-Forwarded-For", forwardedFor)
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{}"));
	}

	private double rejections(String limit) {
		return this.meters.counter("bowwow.gateway.rate-limit.rejections", "limit", limit).count();
	}

	private static String randomIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

}
