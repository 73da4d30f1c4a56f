package com.bowwow.location.stream;

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
				String refusal = StreamClient.rawHandshake(this.port,
						"Authorization: " + TestTokens.authorization(UserId.random()));
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

	private double refused() {
		return this.meters.get("bowwow.location.stream.refused").counter().count();
	}

}
