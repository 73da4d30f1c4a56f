package com.bowwow.signal.sending;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * People who come within reach after the wave left are reached, and the wave's travelling
 * state is durable: a wave started by an instance that stopped is watched by the others.
 */
class LateArrivalsTests extends SignalIntegrationTest {

	@BeforeEach
	void nobodyAround() {
		LocationServiceStandIn.clear();
	}

	@Test
	void someoneWhoComesIntoRangeAfterTheWaveLeftIsReachedOnce() throws Exception {
		UserId sender = UserId.random();
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 3);
		assertThat(this.jdbc.queryForObject("select count(*) from travelling_waves where signal_id = ?", Long.class,
				signalId))
			.as("the travelling wave is in the database")
			.isEqualTo(1);
		UserId newcomer = UserId.random();
		LocationServiceStandIn.place(newcomer, 2.8, 90);

		awaitReceipt(signalId, newcomer);
		// the front has passed everyone it may reach: nothing is watched any more
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from travelling_waves where signal_id = ?",
					Long.class, signalId) == 0);
		assertThat(this.jdbc.queryForObject("select count(*) from receipts where signal_id = ?", Long.class, signalId))
			.isEqualTo(1);
	}

	@Test
	void aWaveWhoseInstanceStoppedIsWatchedByTheOthers() {
		// As an instance that crashed right after the send leaves it: the signal and its
		// travelling state, nothing in any other instance's memory.
		UserId sender = UserId.random();
		UUID signalId = UUID.randomUUID();
		Instant sentAt = Instant.now();
		double reach = 3 * MILE;
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps)
				values (?, ?, 'signal', ?, ?, ?, 'mile', ?)
				""", signalId, sender.value(), Timestamp.from(sentAt), Timestamp.from(sentAt.plusSeconds(600)), reach,
				MILE);
		this.jdbc.update(
				"""
						insert into travelling_waves (signal_id, origin_latitude, origin_longitude, front_done_at, next_check_at)
						values (?, ?, ?, ?, ?)
						""",
				signalId, LocationServiceStandIn.ORIGIN.latitude(), LocationServiceStandIn.ORIGIN.longitude(),
				Timestamp.from(sentAt.plusSeconds(4)), Timestamp.from(sentAt));
		UserId newcomer = UserId.random();
		LocationServiceStandIn.place(newcomer, 2.5, 0);

		awaitReceipt(signalId, newcomer);
		Timestamp dueAt = this.jdbc.queryForObject(
				"select due_at from receipts where signal_id = ? and receiver_id = ?", Timestamp.class, signalId,
				newcomer.value());
		assertThat(Duration.between(sentAt, dueAt.toInstant()).toMillis()).as("due when the front reaches them")
			.isBetween(2300L, 2700L);
	}

}
