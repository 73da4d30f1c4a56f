package com.bowwow.signal.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SignalEventsTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	@Test
	void latenessSurvivesTimestampsThatTravelInWholeSeconds() {
		Instant due = Instant.parse("2026-11-26T12:00:00.123Z");
		SignalEvents.Delivery sent = new SignalEvents.Delivery(UUID.randomUUID(), UserId.random(), UserId.random(),
				SignalKind.SIGNAL, 800, CompassDirection.NE, due, due.plusMillis(7), due.plusSeconds(600));
		SignalEvents.Delivery read = (SignalEvents.Delivery) SignalEvents
			.read(this.json, "ArrivalsDelivered",
					this.json.writeValueAsString(new SignalEvents.ArrivalsDelivered(UUID.randomUUID(), List.of(sent))))
			.map((event) -> ((SignalEvents.ArrivalsDelivered) event).deliveries().get(0))
			.orElseThrow();
		assertThat(read.receivedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
		assertThat(read.latenessOrEstimateMillis()).isEqualTo(7);
	}

	@Test
	void eventsOfEarlierVersionsFallBackToTheirTimestamps() {
		String payload = this.json
			.writeValueAsString(new SignalEvents.ArrivalsDelivered(UUID.randomUUID(),
					List.of(new SignalEvents.Delivery(UUID.randomUUID(), UserId.random(), UserId.random(),
							SignalKind.SIGNAL, 800, CompassDirection.N, Instant.parse("2026-11-26T12:00:00Z"),
							Instant.parse("2026-11-26T12:00:02Z"), Instant.parse("2026-11-26T12:10:00Z")))))
			.replaceAll(",\"latenessMillis\":\\d+", "");
		SignalEvents.ArrivalsDelivered read = (SignalEvents.ArrivalsDelivered) SignalEvents
			.read(this.json, "ArrivalsDelivered", payload)
			.orElseThrow();
		assertThat(read.deliveries().get(0).latenessMillis()).isNull();
		assertThat(read.deliveries().get(0).latenessOrEstimateMillis()).isEqualTo(2000);
	}

}
