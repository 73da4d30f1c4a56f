package com.bowwow.common.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceTokensTests {

	private Instant now = Instant.parse("2026-12-04T12:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return ServiceTokensTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	};

	@Test
	void aTokenIsReusedForHalfItsLifetimeThenRenewed() throws Exception {
		ServiceTokens tokens = ServiceTokens.development("signal-service", this.clock);
		String first = tokens.tokenFor("location-service");
		this.now = this.now.plusSeconds(29);
		assertThat(tokens.tokenFor("location-service")).isSameAs(first);
		assertThat(tokens.tokenFor("user-service")).isNotEqualTo(first);
		this.now = this.now.plusSeconds(1);
		String renewed = tokens.tokenFor("location-service");
		assertThat(renewed).isNotEqualTo(first);
		ServiceTokenVerifier verifier = ServiceTokenVerifier.development("location-service", this.clock);
		assertThat(verifier.verify(renewed)).isEqualTo(new ServiceCaller("signal-service"));
	}

	@Test
	void aRememberedTokenIsStillRefusedOnceItExpiresAndOnlyForItsAudience() throws Exception {
		ServiceTokens tokens = ServiceTokens.development("push-service", this.clock);
		String token = tokens.tokenFor("user-service");
		ServiceTokenVerifier verifier = ServiceTokenVerifier.development("user-service", this.clock);
		assertThat(verifier.verify(token)).isEqualTo(new ServiceCaller("push-service"));
		// remembered now: the same answer again, and again refused elsewhere
		assertThat(verifier.verify(token)).isEqualTo(new ServiceCaller("push-service"));
		assertThatExceptionOfType(InvalidServiceTokenException.class)
			.isThrownBy(() -> ServiceTokenVerifier.development("location-service", this.clock).verify(token));
		// 60 s of lifetime and 10 s of clock skew later, the remembered token is expired
		this.now = this.now.plusSeconds(71);
		assertThatExceptionOfType(InvalidServiceTokenException.class).isThrownBy(() -> verifier.verify(token))
			.withMessageContaining("expired");
		// a token altered by one character is not the remembered one
		this.now = this.now.minusSeconds(71);
		String altered = token.substring(0, token.length() - 2)
				+ ((token.charAt(token.length() - 2) == 'A') ? 'B' : 'A') + token.charAt(token.length() - 1);
		assertThatExceptionOfType(InvalidServiceTokenException.class).isThrownBy(() -> verifier.verify(altered));
	}

	@Test
	void aServiceWithoutAKeyCannotBeWiredToCallAnother() {
		ServiceTokens none = new ServiceTokens("push-service", null, Duration.ofSeconds(60), this.clock);
		assertThatIllegalStateException().isThrownBy(() -> none.interceptor("user-service"))
			.withMessageContaining("SERVICE_SIGNING_KEY must be set");
	}

	@Test
	void theInterceptorSendsAFreshTokenOnEveryRequest() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		server.createContext("/", (exchange) -> {
			seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		try {
			RestClient client = RestClient.builder()
				.baseUrl("http://localhost:" + server.getAddress().getPort())
				.requestInterceptor(
						ServiceTokens.development("push-service", Clock.systemUTC()).interceptor("user-service"))
				.build();
			client.get().uri("/internal/users/x/push-target").retrieve().toBodilessEntity();
			client.post().uri("/internal/users/x/device-token/dead").retrieve().toBodilessEntity();
		}
		finally {
			server.stop(0);
		}
		assertThat(seen).hasSize(2).allSatisfy((header) -> {
			assertThat(header).startsWith("Bearer ");
			assertThat(ServiceTokenVerifier.development("user-service", Clock.systemUTC())
				.verify(header.substring("Bearer ".length()))).isEqualTo(new ServiceCaller("push-service"));
		});
	}

}
