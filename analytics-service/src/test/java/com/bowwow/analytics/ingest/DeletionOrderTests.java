package com.bowwow.analytics.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.bowwow.analytics.AnalyticsServiceTest;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.signal.api.SignalKind;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of arrivals that names a user whose deletion is being applied at that moment
 * waits for it, then counts that user only under a pseudonym: nothing is written under
 * the real ID after the deletion pseudonymised the rest.
 */
@AnalyticsServiceTest
class DeletionOrderTests {

	@Autowired
	private Aggregates aggregates;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void arrivalsForAUserBeingDeletedWaitForTheDeletionAndAreNotNamedAfterIt() throws Exception {
		UserId deleted = UserId.random();
		List<UserId> others = List.of(UserId.random(), UserId.random());
		UUID signal = UUID.randomUUID();
		CountDownLatch deletionHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> deletion = CompletableFuture
			.runAsync(() -> this.transactions.executeWithoutResult((tx) -> {
				this.aggregates.deleted(deleted, Instant.now());
				deletionHeld.countDown();
				await(release);
			}));
		assertThat(deletionHeld.await(10, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> arrivals = CompletableFuture
			.runAsync(() -> this.transactions.executeWithoutResult((tx) -> this.aggregates.delivered(List
				.of(arrival(signal, others.get(0)), arrival(signal, deleted), arrival(signal, others.get(1))))));
		Thread.sleep(Duration.ofMillis(500));
		assertThat(arrivals).as("the batch waits for the deletion that names one of its receivers").isNotDone();

		release.countDown();
		deletion.get(10, TimeUnit.SECONDS);
		arrivals.get(10, TimeUnit.SECONDS);
		assertThat(this.jdbc.sql("select count(*) from deliveries where signal_id = ?")
			.param(signal)
			.query(Long.class)
			.single()).isEqualTo(3);
		assertThat(this.jdbc.sql("select count(*) from deliveries where receiver_id = ?")
			.param(deleted.value())
			.query(Long.class)
			.single()).isZero();
	}

	private static SignalEvents.Delivery arrival(UUID signal, UserId receiver) {
		Instant now = Instant.now();
		return new SignalEvents.Delivery(signal, receiver, UserId.random(), SignalKind.SIGNAL, 300, CompassDirection.N,
				now, now, now.plusSeconds(600));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
