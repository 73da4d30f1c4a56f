package com.bowwow.gateway.ratelimit;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address counts as the client's, depending on how many proxies are trusted. */
class ClientAddressTests {

	private static final InetSocketAddress ALB = new InetSocketAddress("172.31.5.9", 41000);

	@Test
	void withoutTrustedProxiesTheSocketAddressCountsAndForwardedForIsIgnored() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x")
			.remoteAddress(ALB)
			.header("X-Forwarded-For", "198.51.100.7")
			.build();
		assertThat(ClientAddress.of(request, 0)).isEqualTo("172.31.5.9");
	}

	@Test
	void oneTrustedProxyMeansTheLastHop() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x")
			.remoteAddress(ALB)
			.header("X-Forwarded-For", "6.6.6.6, 10.0.0.1,198.51.100.7")
			.build();
		assertThat(ClientAddress.of(request, 1)).isEqualTo("198.51.100.7");
	}

	@Test
	void twoTrustedProxiesMeanTheHopBeforeTheLast() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x")
			.remoteAddress(ALB)
			.header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
			.header("X-Forwarded-For", "130.176.1.2")
			.build();
		assertThat(ClientAddress.of(request, 2)).isEqualTo("198.51.100.7");
	}

	@Test
	void fewerHopsThanTrustedProxiesFallBackToTheFurthestSeen() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x")
			.remoteAddress(ALB)
			.header("X-Forwarded-For", "2001:db8::7")
			.build();
		assertThat(ClientAddress.of(request, 2)).isEqualTo("2001:db8::7");
	}

	@Test
	void noForwardedForFallsBackToTheSocketAddress() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/x").remoteAddress(ALB).build();
		assertThat(ClientAddress.of(request, 1)).isEqualTo("172.31.5.9");
	}

}
