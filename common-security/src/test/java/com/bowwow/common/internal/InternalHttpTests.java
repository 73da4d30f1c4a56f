package com.bowwow.common.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls between services write their request bodies without starting a platform thread
 * per request (the request factory's default did, once per push-service batch look-up).
 */
class InternalHttpTests {

	@Test
	void requestBodiesAreWrittenWithoutAPlatformThreadEach() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			RestClient client = RestClient.builder()
				.baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
				.requestFactory(InternalHttp.requestFactory(Duration.ofSeconds(5)))
				.build();
			// The HTTP client's own selector and workers start on first use.
			assertThat(post(client, "warm-up")).isEqualTo("warm-up");
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long before = threads.getTotalStartedThreadCount();
			for (int i = 0; i < 50; i++) {
				assertThat(post(client, "body " + i)).isEqualTo("body " + i);
			}
			assertThat(threads.getTotalStartedThreadCount() - before).as("platform threads started").isLessThan(10);
		}
		finally {
			server.stop(0);
		}
	}

	private static String post(RestClient client, String body) {
		return client.post().uri("/echo").body(body).retrieve().body(String.class);
	}

}
