package com.bowwow.faults;

import java.time.Duration;
import java.time.Instant;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2: two signal-service instances share the waves; {@code kill -9} of the one
 * that took the send a few seconds in. The other finishes the wave alone: every receipt
 * once, none early; the arrivals the dead one had leased come late (after its lease runs
 * out), and how late is reported.
 */
@Order(6)
@ExtendWith(FaultStack.class)
class TwoSignalInstancesIT {

	private static final double LATITUDE = 29.7600;

	private static final double LONGITUDE = -95.3700;

	@Test
	void theSurvivingInstanceFinishesTheWave() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 2: two signal-service instances, kill -9 one mid-wave");
		int receivers = FaultStack.FULL ? 2000 : 300;
		String second = stack.startInstance("signal-service", 200);
		try {
			Waves.Crowd crowd = Waves.gather(client, LATITUDE, LONGITUDE, receivers);
			Thread.sleep(3000);
			Instant sentAt = Instant.now();
			String signalId = Waves.send(client, crowd, LATITUDE, LONGITUDE);
			long planned = Waves.planned(database, signalId);
			Thread.sleep(3200);
			Instant killedAt = Instant.now();
			stack.kill("signal-service");
			long atKill = Waves.receipts(database, signalId);
			Waves.awaitWaveDone(database, signalId, Duration.ofSeconds(90));
			Instant doneAt = Instant.now();
			Waves.Timing timing = Waves.timing(database, signalId, killedAt);
			long lateOverSecond = timing.lateness().stream().filter((ms) -> ms > 1000).count();
			Waves.Reach reach = Waves.reach(database, crowd, signalId);
			report
				.put("injected", String.format("kill -9 of the first of two instances %.1f s after the send (%d"
						+ " of %d receipts written); the second (%s) runs on, the first stays down until the wave ends",
						Duration.between(sentAt, killedAt).toMillis() / 1000.0, atKill, planned, second))
				.put("traffic", receivers + " receivers from 0.5 to 9.5 mi, one wave at 1 mi/s")
				.put("checked", "one receipt per receiver, none early, one push request each")
				.put("figures", String.format(
						"wave done %.1f s after the kill; arrivals due after the kill: %d, of which %d more than 1 s late"
								+ " (the orphans of the dead instance's leases); lateness median %d ms, p99 %d ms, max %d ms;"
								+ " receipts early: %d",
						Duration.between(killedAt, doneAt).toMillis() / 1000.0, timing.lateMillis().getCount(),
						lateOverSecond, timing.percentile(0.5), timing.percentile(0.99), timing.lateMillis().getMax(),
						timing.early()))
				.put("lost", reach.lost())
				.print();
			assertThat(atKill).as("the kill came mid-wave").isBetween(1L, planned - 1);
			assertThat(reach.missing()).as("receivers who never got the signal").isEmpty();
			assertThat(reach.doubled()).as("receivers who got it twice").isZero();
			assertThat(timing.early()).as("receipts before their time").isZero();
			assertThat(reach.unpushed()).as("receivers without a push request").isEmpty();
		}
		finally {
			stack.restart("signal-service");
			stack.stop(second);
		}
	}

}
