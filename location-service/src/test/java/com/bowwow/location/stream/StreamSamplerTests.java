package com.bowwow.location.stream;

import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream's size reaches operators as a gauge and as events for the dashboard. */
class StreamSamplerTests extends LocationIntegrationTest {

	@Autowired
	StreamSampler sampler;

	@Autowired
	MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void samplesCountTheOpenConnections() throws Exception {
		// a stream of an earlier test in the same context may still be closing
		await().until(() -> this.meters.get("bowwow.location.stream.connections").gauge().value() == 0);
		this.sampler.sample();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
			await().until(() -> this.meters.get("bowwow.location.stream.connections").gauge().value() == 1);
			this.sampler.sample();
		}
		List<Map<?, ?>> samples = this.jdbc
			.sql("select payload from event_outbox where event_type = 'StreamConnectionsSampled' order by id")
			.query(String.class)
			.list()
			.stream()
			.<Map<?, ?>>map((payload) -> this.json.readValue(payload, Map.class))
			.toList();
		assertThat(samples.stream().map((sample) -> ((Number) sample.get("connections")).intValue()).toList())
			.containsExactly(0, 1);
		assertThat(samples.get(0).get("instanceId")).isEqualTo(samples.get(1).get("instanceId"));
		assertThat(samples.get(1).get("droppedMessages")).isEqualTo(0);
	}

}
