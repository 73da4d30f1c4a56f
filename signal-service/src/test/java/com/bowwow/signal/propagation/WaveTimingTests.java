package com.bowwow.signal.propagation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

	/**
	 * The stages of a send add up to no more than the whole, which is what the nearest
	 * receivers wait for.
	 */
	@Test
	void aSendRecordsEachOfItsStagesOnceAndTheWholeCoversThem() throws Exception {
		Map<String, Timer> stages = new HashMap<>();
		Map<String, Long> countsBefore = new HashMap<>();
		Map<String, Double> secondsBefore = new HashMap<>();
		for (String stage : List.of("audience", "safety", "plan", "store", "whole")) {
			Timer timer = this.meters.find("bowwow.signal.send.stage").tag("stage", stage).timer();
			assertThat(timer).as(stage).isNotNull();
			stages.put(stage, timer);
			countsBefore.put(stage, timer.count());
			secondsBefore.put(stage, timer.totalTime(TimeUnit.SECONDS));
		}
		LocationServiceStandIn.place(UserId.random(), 0.2, 0);
		send(UserId.random(), LocationServiceStandIn.ORIGIN, 1);

		double parts = 0;
		for (String stage : stages.keySet()) {
			assertThat(stages.get(stage).count() - countsBefore.get(stage)).as(stage).isEqualTo(1);
			if (!stage.equals("whole")) {
				parts += stages.get(stage).totalTime(TimeUnit.SECONDS) - secondsBefore.get(stage);
			}
		}
		double whole = stages.get("whole").totalTime(TimeUnit.SECONDS) - secondsBefore.get("whole");
		assertThat(parts).isPositive().isLessThanOrEqualTo(whole + 0.002);
	}

}
