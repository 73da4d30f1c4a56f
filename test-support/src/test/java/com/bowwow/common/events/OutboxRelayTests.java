package com.bowwow.common.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The outbox and its relay against real PostgreSQL and Redis. */
class OutboxRelayTests {

	private final EventsFixture fixture;

	private final List<OutboxRelay> relays = new ArrayList<>();

	OutboxRelayTests() throws Exception {
		this.fixture = new EventsFixture();
	}

	@AfterEach
	void close() {
		this.relays.forEach(OutboxRelay::stop);
		this.fixture.close();
	}

	@Test
	void onlyCommittedEventsAreRelayedInOrderWithTheirFields() {
		OutboxRelay relay = relay();
		EventOutbox outbox = this.fixture.outbox(null);
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		this.fixture.transactions.executeWithoutResult((status) -> {
			outbox.publish(this.fixture.stream, first, "Thing", Map.of("n", 1));
			outbox.publish(this.fixture.stream, second, "Thing", Map.of("n", 2));
		});
		this.fixture.transactions.executeWithoutResult((status) -> {
			outbox.publish(this.fixture.stream, UUID.randomUUID(), "Thing", Map.of("n", 3));
			status.setRollbackOnly();
		});
		assertThat(this.fixture.streamLength()).as("nothing before the relay runs").isZero();
		assertThat(relay.backlog()).isEqualTo(2);
		assertThat(relay.relayBatch()).isEqualTo(2);
		assertThat(relay.backlog()).isZero();
		List<Map<String, String>> entries = entries();
		assertThat(entries).extracting((e) -> e.get(StreamFields.EVENT_ID))
			.containsExactly(first.toString(), second.toString());
		assertThat(entryIds()).as("IDs follow the outbox sequence").containsExactly("1-0", "2-0");
		assertThat(this.fixture.jdbc.queryForList("SELECT seq FROM event_outbox ORDER BY id", Long.class))
			.containsExactly(1L, 2L);
		assertThat(entries.get(0)).containsEntry(StreamFields.TYPE, "Thing")
			.containsEntry(StreamFields.PAYLOAD, "{\"n\":1}");
		assertThat(this.fixture.jdbc.queryForObject("SELECT count(*) FROM event_outbox WHERE published_at IS NULL",
				Integer.class))
			.isZero();
		assertThat(relay.relayBatch()).as("published rows are not sent again").isZero();
	}

	@Test
	void publishingOutsideATransactionIsRefused() {
		EventOutbox outbox = this.fixture.outbox(null);
		assertThatIllegalStateException()
			.isThrownBy(() -> outbox.publish(this.fixture.stream, UUID.randomUUID(), "Thing", Map.of()));
	}

	@Test
	void runningRelayPicksUpCommitsAndARestartLosesNothing() {
		OutboxRelay first = relay();
		first.start();
		EventOutbox outbox = this.fixture.outbox(first);
		List<String> published = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			published.add(publishOne(outbox, i));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.fixture.streamLength() == 25);
		first.stop();
		// Committed while no relay runs (all instances down, or between deploys).
		for (int i = 25; i < 60; i++) {
			published.add(publishOne(outbox, i));
		}
		assertThat(this.fixture.streamLength()).isEqualTo(25);
		OutboxRelay second = relay();
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.fixture.streamLength() == 60);
		assertThat(entries()).extracting((e) -> e.get(StreamFields.EVENT_ID)).containsExactlyElementsOf(published);
	}

	@Test
	void aRelayThatDiesBeforeItsCommitNeitherLosesNorDuplicates() {
		AtomicBoolean failCommit = new AtomicBoolean(true);
		DataSourceTransactionManager crashing = new DataSourceTransactionManager(this.fixture.dataSource) {
			@Override
			protected void doCommit(DefaultTransactionStatus status) {
				if (failCommit.getAndSet(false)) {
					throw new IllegalStateException("simulated crash between XADD and COMMIT");
				}
				super.doCommit(status);
			}
		};
		OutboxRelay relay = this.fixture.relay(crashing);
		EventOutbox outbox = this.fixture.outbox(null);
		String eventId = publishOne(outbox, 1);
		relay.drain();
		assertThat(this.fixture.streamLength()).as("sent, but the row stayed unpublished").isEqualTo(1);
		assertThat(relay.backlog()).isEqualTo(1);
		String next = publishOne(outbox, 2);
		relay.drain();
		// The row found its entry from the failed round in the stream and took its ID.
		assertThat(entries()).extracting((e) -> e.get(StreamFields.EVENT_ID)).containsExactly(eventId, next);
		assertThat(entryIds()).containsExactly("1-0", "2-0");
		assertThat(relay.backlog()).isZero();
		assertThat(relay.relayBatch()).isZero();
	}

	@Test
	void severalInstancesRelayEachEventExactlyOnceInCommitOrder() throws Exception {
		for (int i = 0; i < 3; i++) {
			relay().start();
		}
		EventOutbox outbox = this.fixture.outbox(null);
		List<String> published = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			published.add(publishOne(outbox, i));
		}
		// and a burst from several threads at once
		ExecutorService writers = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 80; i++) {
			int n = i;
			writers.execute(() -> publishOne(outbox, 1000 + n));
		}
		writers.shutdown();
		assertThat(writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.fixture.streamLength() >= 200);
		Thread.sleep(300);
		List<String> ids = entries().stream().map((e) -> e.get(StreamFields.EVENT_ID)).toList();
		assertThat(ids).hasSize(200).doesNotHaveDuplicates();
		assertThat(ids.subList(0, 120)).containsExactlyElementsOf(published);
	}

	@Test
	void entriesAddedByOthersAreContinuedAbove() {
		// A stream that holds entries with IDs Redis generated (written before the
		// outbox had sequences, or by a test fixture).
		String foreign = this.fixture.redis.opsForStream()
			.add(org.springframework.data.redis.connection.stream.StreamRecords.string(Map.of(StreamFields.EVENT_ID,
					UUID.randomUUID().toString(), StreamFields.TYPE, "Thing", StreamFields.PAYLOAD, "{}"))
				.withStreamKey(this.fixture.stream))
			.getValue();
		OutboxRelay relay = relay();
		String eventId = publishOne(this.fixture.outbox(null), 1);
		relay.drain();
		assertThat(entries()).extracting((e) -> e.get(StreamFields.EVENT_ID)).endsWith(eventId).hasSize(2);
		assertThat(EntryId.parse(entryIds().get(1))).isGreaterThan(EntryId.parse(foreign));
		assertThat(relay.relayBatch()).isZero();
	}

	private OutboxRelay relay() {
		OutboxRelay relay = this.fixture.relay(this.fixture.transactionManager);
		this.relays.add(relay);
		return relay;
	}

	private String publishOne(EventOutbox outbox, int n) {
		UUID eventId = UUID.randomUUID();
		this.fixture.transactions
			.executeWithoutResult((status) -> outbox.publish(this.fixture.stream, eventId, "Thing", Map.of("n", n)));
		return eventId.toString();
	}

	private List<String> entryIds() {
		return this.fixture.redis.opsForStream()
			.range(this.fixture.stream, Range.unbounded())
			.stream()
			.map((record) -> record.getId().getValue())
			.toList();
	}

	private List<Map<String, String>> entries() {
		List<MapRecord<String, Object, Object>> records = this.fixture.redis.opsForStream()
			.range(this.fixture.stream, Range.unbounded());
		List<Map<String, String>> entries = new ArrayList<>();
		for (MapRecord<String, Object, Object> record : records) {
			Map<String, String> fields = new java.util.LinkedHashMap<>();
			record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
			entries.add(fields);
		}
		return entries;
	}

}
