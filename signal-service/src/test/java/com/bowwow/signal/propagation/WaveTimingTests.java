package com.bowwow.signal.propagation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wave is judged from the moment the send reached the service (domain rule): its
 * {@code sentAt} is that moment, no departure chosen later, so every arrival is due at
 * {@code sentAt + d / speed} and the lateness histogram measures what users feel. The
 * relay leg has its own histogram.
 */
class WaveTimingTests extends SignalIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void nobodyAround() {
		LocationServiceStandIn.clear();
	}

	@Test
	void theWaveLeavesWhenTheSendArrivesAndIsDueAtDistanceOverSpeed() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		LocationServiceStandIn.place(receiver, 0.5, 90);
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 1);
		Instant answered = Instant.now();

		Instant sentAt = this.jdbc.queryForObject("select sent_at from signals where id = ?", Timestamp.class, signalId)
			.toInstant();
		assertThat(sentAt).as("no departure lead: the send's own moment").isBetween(before, answered);
		awaitReceipt(signalId, receiver);
		Instant dueAt = this.jdbc
			.queryForObject("select due_at from receipts where signal_id = ? and receiver_id = ?", Timestamp.class,
					signalId, receiver.value())
			.toInstant();
		// the receiver's true position is 0.5 mi from the origin: due half a second after
		assertThat(Duration.between(sentAt, dueAt).toMillis()).isBetween(495L, 505L);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.meters.find("bowwow.signal.relay.publish").timer() != null
					&& this.meters.find("bowwow.signal.relay.publish").timer().count() > 0);
		assertThat(this.meters.find("bowwow.signal.arrival.lateness").timer().count()).isPositive();
	}

}
