package com.bowwow.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 10: {@code kill -9} of the signal-service instance that took a send, the
 * moment the sender is answered: it has stored the nearest receivers and is still
 * planning the rest of the audience ring by ring. The other instance's check plans
 * whoever is missing once the dead sender's time is up: every receiver gets exactly one
 * receipt, none early, the wave counts them all, and each gets one push request.
 */
@Order(8)
@ExtendWith(FaultStack.class)
class RestPlanningCrashIT {

	/**
	 * Phoenix: no other scenario places anyone within ten miles (they would be counted).
	 */
	private static final double LATITUDE = 33.4500;

	private static final double LONGITUDE = -112.0700;

	/** Small enough that the rest of even the bounded crowd takes many rings. */
	private static final int FIRST_AUDIENCE = 5;

	@Test
	void theRestOfADeadSendersAudienceIsPlannedOnceByAnotherInstance() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 10: kill -9 of the instance planning the rest of a wave's audience");
		int receivers = FaultStack.FULL ? 2000 : 300;
		String sending = stack.startInstance("signal-service", 300,
				Map.of("SIGNAL_FIRST_AUDIENCE", Integer.toString(FIRST_AUDIENCE)));
		try {
			Waves.Crowd crowd = Waves.gather(client, LATITUDE, LONGITUDE, receivers);
			Thread.sleep(3000);
			Instant sentAt = Instant.now();
			String signalId = Waves.send(new GatewayClient(stack.url(sending)), crowd, LATITUDE, LONGITUDE);
			stack.kill(sending);
			Instant killedAt = Instant.now();
			long atKill = Waves.plannedSoFar(database, signalId);
			long planned = Waves.planned(database, signalId);
			Instant completedAt = Instant.now();
			Waves.awaitWaveDone(database, signalId, Duration.ofSeconds(90));
			Waves.Timing timing = Waves.timing(database, signalId, killedAt);
			Waves.Reach reach = Waves.reach(database, crowd, signalId);
			report
				.put("injected", String.format(
						"kill -9 of the sending instance (first audience %d) %.2f s after the send, as it answered;"
								+ " %d of %d receivers planned then",
						FIRST_AUDIENCE, Duration.between(sentAt, killedAt).toMillis() / 1000.0, atKill, receivers))
				.put("traffic",
						receivers + " receivers from 0.5 to 9.5 mi, one wave at 1 mi/s; the gateway's"
								+ " instance stays up")
				.put("checked",
						"the whole audience planned and counted once, one receipt per receiver, none early,"
								+ " one push request each")
				.put("figures", String.format(
						"audience complete %.1f s after the kill (%d counted); arrivals due after the kill: %d, late by"
								+ " median %d ms, p99 %d ms, max %d ms; receipts early: %d",
						Duration.between(killedAt, completedAt).toMillis() / 1000.0, planned,
						timing.lateMillis().getCount(), timing.percentile(0.5), timing.percentile(0.99),
						timing.lateMillis().getMax(), timing.early()))
				.put("lost", reach.lost())
				.print();
			assertThat(atKill).as("the kill came before the rest was planned").isLessThan(receivers);
			assertThat(planned).as("receivers counted").isEqualTo(receivers);
			assertThat(reach.missing()).as("receivers who never got the signal").isEmpty();
			assertThat(reach.doubled()).as("receivers who got it twice").isZero();
			assertThat(timing.early()).as("receipts before their time").isZero();
			assertThat(reach.unpushed()).as("receivers without a push request").isEmpty();
			assertThat(reach.pushes().values()).as("push requests per receiver").allMatch((n) -> n == 1);
		}
		finally {
			if (stack.isHealthy(sending)) {
				stack.stop(sending);
			}
		}
	}

}
