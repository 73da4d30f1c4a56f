package com.bowwow.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 6: push-service down ({@code kill -9}) while waves arrive, and
 * signal-service's event stream trimmed meanwhile (as the 100,000-entry cap would on a
 * busy day). After push-service is back, every receipt becomes a push that is sent.
 */
@Order(7)
@ExtendWith(FaultStack.class)
class PushOutageIT {

	/** signal-service's event stream (SignalEvents.STREAM in signal-api). */
	private static final String SIGNAL_STREAM = "bowwow:events:signal";

	private static final double LATITUDE = 32.7800;

	private static final double LONGITUDE = -96.8000;

	@Test
	void everyPushIsDeliveredAfterAnOutageAndATrim() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 6: push-service down during waves, stream trimmed");
		int waves = FaultStack.FULL ? 10 : 3;
		int perWave = FaultStack.FULL ? 50 : 20;
		Duration down = Duration.ofSeconds(FaultStack.FULL ? 300 : 20);
		List<Waves.Crowd> crowds = new ArrayList<>();
		for (int i = 0; i < waves; i++) {
			// crowds 30 miles apart: each wave reaches its own receivers only
			double[] centre = Crowd.offset(LATITUDE, LONGITUDE, 30.0 * i, 90);
			crowds.add(Waves.gather(client, centre[0], centre[1], perWave));
		}
		Thread.sleep(3000);
		stack.kill("push-service");
		Instant killedAt = Instant.now();
		List<String> signals = new ArrayList<>();
		for (int i = 0; i < waves; i++) {
			double[] centre = Crowd.offset(LATITUDE, LONGITUDE, 30.0 * i, 90);
			signals.add(Waves.send(client, crowds.get(i), centre[0], centre[1]));
		}
		for (String signalId : signals) {
			Waves.awaitWaveDone(database, signalId, Duration.ofSeconds(60));
		}
		Thread.sleep(2000);
		String trimmed = Redis.command(stack.infrastructure(), "XTRIM", SIGNAL_STREAM, "MAXLEN", "0");
		long remaining = Math.max(0, down.minus(Duration.between(killedAt, Instant.now())).toMillis());
		Thread.sleep(remaining);
		stack.restart("push-service");
		Instant restartedAt = Instant.now();
		long receipts = 0;
		long requested = 0;
		long sent = 0;
		Instant deadline = Instant.now().plus(Duration.ofSeconds(FaultStack.FULL ? 180 : 60));
		while (true) {
			receipts = 0;
			requested = 0;
			sent = 0;
			for (String signalId : signals) {
				receipts += Waves.receipts(database, signalId);
				Map<String, Long> statuses = Waves.pushStatuses(database, signalId);
				requested += statuses.values().stream().mapToLong(Long::longValue).sum();
				sent += statuses.getOrDefault("SENT", 0L);
			}
			if (sent >= receipts || Instant.now().isAfter(deadline)) {
				break;
			}
			Thread.sleep(1000);
		}
		Duration settled = Duration.between(restartedAt, Instant.now());
		report
			.put("injected",
					"kill -9 push-service for " + down.toSeconds() + " s; " + waves + " waves arrived meanwhile; XTRIM "
							+ SIGNAL_STREAM + " MAXLEN 0 (" + trimmed.substring(1) + " entries removed)")
			.put("traffic", waves + " waves of " + perWave + " receivers")
			.put("checked", "every receipt has a push request, and each was sent")
			.put("figures",
					String.format("receipts %d, push requests %d, sent %d, %.1f s after the restart", receipts,
							requested, sent, settled.toMillis() / 1000.0))
			.put("lost", (receipts - sent) + " pushes never sent")
			.print();
		assertThat(receipts).as("receipts").isEqualTo((long) waves * perWave);
		assertThat(requested).as("push requests").isEqualTo(receipts);
		assertThat(sent).as("pushes sent").isEqualTo(receipts);
	}

}
