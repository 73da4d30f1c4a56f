package com.bowwow.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.devstack.DevStack;
import com.bowwow.faults.GatewayClient.Account;
import com.bowwow.faults.GatewayClient.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1: {@code kill -9} of signal-service a few seconds into a wave, then a
 * restart. Every receiver gets exactly one receipt (read from signal-service's table),
 * none before the front reached them, one push request each (push-service's table), and a
 * sample of live streams sees the notice at most once.
 */
@Order(2)
@ExtendWith(FaultStack.class)
class SignalCrashIT {

	private static final double LATITUDE = 41.8800;

	private static final double LONGITUDE = -87.6300;

	@Test
	void everyReceiverGetsTheSignalExactlyOnceAfterACrash() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 1: kill -9 signal-service mid-wave, restart");
		int receivers = FaultStack.FULL ? 2000 : 300;
		Waves.Crowd crowd = Waves.gather(client, LATITUDE, LONGITUDE, receivers);
		// user-service's events tell signal-service who is online; let them settle
		Thread.sleep(3000);
		List<Stream> streams = new ArrayList<>();
		List<Account> watched = crowd.receivers().subList(0, Math.min(25, receivers));
		for (Account receiver : watched) {
			streams.add(client.openStream(receiver));
		}
		try {
			Instant sentAt = Instant.now();
			String signalId = Waves.send(client, crowd, LATITUDE, LONGITUDE);
			long planned = Waves.planned(database, signalId);
			// a third of the way out
			Thread.sleep(3200);
			Instant killedAt = Instant.now();
			long beforeKill = Waves.receipts(database, signalId);
			stack.kill("signal-service");
			long atKill = Waves.receipts(database, signalId);
			long restartFrom = System.nanoTime();
			stack.restart("signal-service");
			double restartSeconds = (System.nanoTime() - restartFrom) / 1e9;
			Waves.awaitWaveDone(database, signalId, Duration.ofSeconds(90));
			Map<String, Integer> receipts = Waves.receiptsPerReceiver(database, signalId);
			Waves.Timing timing = Waves.timing(database, signalId, killedAt);
			Map<String, Integer> pushes = Waves.pushesPerReceiver(database, signalId, receivers,
					Duration.ofSeconds(90));
			Thread.sleep(1000);
			Map<String, Integer> notices = new HashMap<>();
			for (int i = 0; i < watched.size(); i++) {
				notices.put(watched.get(i).userId(),
						(int) streams.get(i)
							.ofType("signal_received")
							.stream()
							.filter((r) -> signalId.equals(r.message().get("signalID")))
							.count());
			}
			List<String> missing = crowd.receiverIds().stream().filter((id) -> !receipts.containsKey(id)).toList();
			List<String> doubled = receipts.entrySet()
				.stream()
				.filter((e) -> e.getValue() > 1)
				.map(Map.Entry::getKey)
				.toList();
			List<String> unpushed = crowd.receiverIds().stream().filter((id) -> !pushes.containsKey(id)).toList();
			long noticesTwice = notices.values().stream().filter((n) -> n > 1).count();
			long noticesOnce = notices.values().stream().filter((n) -> n == 1).count();
			report
				.put("injected", String.format(
						"kill -9 signal-service %.1f s after the send (%d of %d receipts written), restarted in %.1f s",
						Duration.between(sentAt, killedAt).toMillis() / 1000.0, atKill, planned, restartSeconds))
				.put("traffic",
						receivers + " receivers from 0.5 to 9.5 mi, one wave at 1 mi/s; " + watched.size()
								+ " of them on a live stream")
				.put("checked",
						"one receipt per receiver (signal_service.receipts), received_at >= due_at, one push "
								+ "request per receiver (push_service.deliveries), stream notice at most once")
				.put("figures", String.format(
						"planned %d, receipts %d, pending left %d; arrivals due after the kill: %d, late by median %d ms,"
								+ " p99 %d ms, max %d ms; receipts early: %d; push requests %d %s; notices once %d, twice %d,"
								+ " none %d (of %d streams); receipts before kill %d",
						planned, receipts.size(), Waves.pending(database, signalId), timing.lateMillis().getCount(),
						timing.percentile(0.5), timing.percentile(0.99), timing.lateMillis().getMax(), timing.early(),
						pushes.size(), Waves.pushStatuses(database, signalId), noticesOnce, noticesTwice,
						watched.size() - noticesOnce - noticesTwice, watched.size(), beforeKill))
				.put("lost",
						"receivers without a receipt: " + missing.size() + ", with two: " + doubled.size()
								+ ", without a push request: " + unpushed.size())
				.print();
			assertThat(planned).as("receivers planned").isEqualTo(receivers);
			assertThat(atKill).as("the kill came mid-wave").isBetween(1L, planned - 1);
			assertThat(missing).as("receivers who never got the signal").isEmpty();
			assertThat(doubled).as("receivers who got it twice").isEmpty();
			assertThat(timing.early()).as("receipts written before the front reached the receiver").isZero();
			assertThat(unpushed).as("receivers without a push request").isEmpty();
			assertThat(pushes.values()).as("push requests per receiver").allMatch((n) -> n == 1);
			assertThat(noticesTwice).as("streams told twice").isZero();
		}
		finally {
			streams.forEach(Stream::close);
		}
	}

}
