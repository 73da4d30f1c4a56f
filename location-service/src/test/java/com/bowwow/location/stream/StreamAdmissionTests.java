package com.bowwow.location.stream;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance holds at most {@code max-streams} (2 here): the next handshake is refused
 * with a problem and Retry-After before any upgrade, and a freed place is taken again.
 */
@TestPropertySource(properties = "bowwow.location.stream.max-streams=2")
class StreamAdmissionTests extends LocationIntegrationTest {

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	MeterRegistry meters;

	@Test
	void aStreamBeyondTheInstancesCapacityIsRefusedWithRetryAfterAndAFreedPlaceIsTakenAgain() throws Exception {
		double refusedBefore = refused();
		try (StreamClient first = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
			try (StreamClient second = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
				first.roundTrip();
				second.roundTrip();
				String refusal = handshake(UserId.random());
				assertThat(refusal).startsWith("HTTP/1.1 503 ")
					.containsIgnoringCase("content-type: application/problem+json")
					.contains("\"code\":\"SERVICE_UNAVAILABLE\"")
					.doesNotContainIgnoringCase("upgrade: websocket");
				int retryAfter = Integer.parseInt(refusal.replaceAll("(?is).*\r\nretry-after: (\\d+)\r\n.*", "$1"));
				assertThat(retryAfter).isBetween(2, 5);
				assertThat(refused()).isEqualTo(refusedBefore + 1);
				assertThat(this.registry.size()).isEqualTo(2);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.size() == 1);
			try (StreamClient third = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
				third.roundTrip();
				assertThat(this.registry.size()).isEqualTo(2);
			}
		}
	}

	/** A raw upgrade request; returns the whole answer (head and body). */
	private String handshake(UserId user) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5_000);
			String request = "GET " + StreamConfiguration.PATH + " HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: "
					+ TestTokens.authorization(user) + "\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					answer.write(buffer, 0, read);
					if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
						break;
					}
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				// what arrived is the answer
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

	private double refused() {
		return this.meters.get("bowwow.location.stream.refused").counter().count();
	}

}
