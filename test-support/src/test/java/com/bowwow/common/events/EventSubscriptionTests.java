package com.bowwow.common.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Consumer groups against a real Redis: acknowledgement, redelivery, takeover. */
class EventSubscriptionTests {

	private static final String GROUP = "test-service";

	private final EventsFixture fixture;

	private final List<EventSubscription> subscriptions = new ArrayList<>();

	EventSubscriptionTests() throws Exception {
		this.fixture = new EventsFixture();
	}

	@AfterEach
	void close() {
		this.subscriptions.forEach(EventSubscription::stop);
		this.fixture.close();
	}

	@Test
	void handlesEveryEntryOnceInOrderAndAcknowledges() {
		List<String> before = add(3);
		List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
		start(Duration.ofSeconds(30), 10, received::add);
		List<String> after = add(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
		List<String> expected = new ArrayList<>(before);
		expected.addAll(after);
		assertThat(received).extracting(ReceivedEvent::eventId).containsExactlyElementsOf(expected);
		assertThat(received.get(0).type()).isEqualTo("Thing");
		assertThat(received.get(0).payloadAs(this.fixture.json, Map.class)).containsEntry("n", 0);
		assertThat(received).allSatisfy((event) -> assertThat(event.deliveryCount()).isEqualTo(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> pendingCount() == 0);
	}

	@Test
	void aFailedHandlerGetsTheEntryAgain() {
		List<String> ids = add(3);
		String failing = ids.get(1);
		Map<String, Integer> attempts = new ConcurrentHashMap<>();
		List<String> handled = Collections.synchronizedList(new ArrayList<>());
		start(Duration.ofMillis(300), 10, (event) -> {
			int attempt = attempts.merge(event.eventId(), 1, Integer::sum);
			if (event.eventId().equals(failing) && attempt == 1) {
				throw new IllegalStateException("database briefly unavailable");
			}
			handled.add(event.eventId() + "#" + event.deliveryCount());
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);
		assertThat(handled).contains(failing + "#2", ids.get(0) + "#1", ids.get(2) + "#1");
		await().atMost(Duration.ofSeconds(5)).until(() -> pendingCount() == 0);
	}

	@Test
	void entriesHeldByACrashedInstanceAreTakenOver() {
		List<String> ids = add(4);
		// An instance read these and died before acknowledging them.
		this.fixture.redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.streamCommands().xGroupCreate(this.fixture.stream.getBytes(), GROUP, ReadOffset.from("0"), true);
			return null;
		});
		assertThat(this.fixture.redis.opsForStream()
			.read(Consumer.from(GROUP, "crashed-instance"), StreamReadOptions.empty().count(10),
					StreamOffset.create(this.fixture.stream, ReadOffset.lastConsumed())))
			.hasSize(4);
		assertThat(pendingCount()).isEqualTo(4);
		List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
		EventSubscription survivor = start(Duration.ofMillis(500), 10, received::add);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
		assertThat(received).extracting(ReceivedEvent::eventId).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(received).allSatisfy((event) -> assertThat(event.deliveryCount()).isEqualTo(2));
		await().atMost(Duration.ofSeconds(5)).until(() -> pendingCount() == 0);
		assertThat(survivor.consumerName()).isNotEqualTo("crashed-instance");
	}

	@Test
	void aPoisonEntryEndsInTheDeadLetterStream() {
		List<String> ids = add(2);
		String poison = ids.get(0);
		List<String> handled = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		started(new EventSubscriptions(this.fixture.redis, EventsFixture.properties(Duration.ofMillis(200), 3),
				"events-test", java.time.Clock.systemUTC(), new MicrometerEventMetrics(meters))
			.subscribe(this.fixture.stream, GROUP, (event) -> {
				if (event.eventId().equals(poison)) {
					throw new IllegalArgumentException("cannot ever handle this");
				}
				handled.add(event.eventId());
			}));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.fixture.redis.opsForStream().size(this.fixture.stream + ":dead-letter") == 1);
		assertThat(handled).containsExactly(ids.get(1));
		var dead = this.fixture.redis.opsForStream().range(this.fixture.stream + ":dead-letter", Range.unbounded());
		assertThat(dead.get(0).getValue()).containsEntry(StreamFields.EVENT_ID, poison)
			.containsEntry("group", GROUP)
			.containsEntry("deliveries", "4");
		await().atMost(Duration.ofSeconds(5)).until(() -> pendingCount() == 0);
		assertThat(count(meters, "handled")).isEqualTo(1);
		assertThat(count(meters, "failed")).isEqualTo(3);
		assertThat(count(meters, "dead_lettered")).isEqualTo(1);
	}

	@Test
	void onlyAGroupTheDescriptorNamesMaySubscribe() {
		EventSubscriptions subscriptions = this.fixture.subscriptions(Duration.ofSeconds(5), 3);
		assertThatIllegalArgumentException().isThrownBy(() -> subscriptions.subscribe(Probes.DESCRIPTOR,
				"undeclared-service", tools.jackson.databind.json.JsonMapper.builder().build(), (event) -> {
				}))
			.withMessageContaining("undeclared-service is not a declared consumer");
		assertThat(subscriptions.subscribe(Probes.DESCRIPTOR, GROUP,
				tools.jackson.databind.json.JsonMapper.builder().build(), (event) -> {
				}))
			.isNotNull();
	}

	/** A stream of one event type, read by this test's group only. */
	sealed interface Probe extends StreamEvent permits Probed {

	}

	record Probed(java.util.UUID eventId) implements Probe {

		@Override
		public EventStream<?> stream() {
			return Probes.DESCRIPTOR;
		}

	}

	static final class Probes {

		static final EventStream<Probe> DESCRIPTOR = EventStream.of("events-test", "bowwow:events:probe", Probe.class,
				GROUP);

	}

	@Test
	void theGroupsBacklogIsExported() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		List<ReceivedEvent> received = new CopyOnWriteArrayList<>();
		EventSubscriptions subscriptions = new EventSubscriptions(this.fixture.redis,
				EventsFixture.properties(Duration.ofSeconds(30), 10), "events-test", java.time.Clock.systemUTC(),
				new MicrometerEventMetrics(meters));
		EventSubscription subscription = subscriptions.subscribe(this.fixture.stream, GROUP, received::add);
		// Before the group exists nobody can say how far behind it is.
		assertThat(meters.get("bowwow.events.consumer.lag").tag("group", GROUP).gauge().value()).isNaN();
		subscription.ensureGroup();
		add(3);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> meters.get("bowwow.events.consumer.lag").tag("group", GROUP).gauge().value() == 3);
		started(subscription);
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> meters.get("bowwow.events.consumer.lag").tag("group", GROUP).gauge().value() == 0
					&& meters.get("bowwow.events.consumer.pending").tag("group", GROUP).gauge().value() == 0);
	}

	private double count(SimpleMeterRegistry meters, String outcome) {
		return meters.get("bowwow.events.consumed").tag("group", GROUP).tag("outcome", outcome).counter().count();
	}

	@Test
	void eachGroupGetsEveryEntryAndInstancesOfAGroupShareThem() {
		List<String> ids = add(20);
		List<String> groupA = new CopyOnWriteArrayList<>();
		List<String> groupB = new CopyOnWriteArrayList<>();
		EventSubscriptions instance1 = this.fixture.subscriptions(Duration.ofSeconds(30), 10);
		EventSubscriptions instance2 = this.fixture.subscriptions(Duration.ofSeconds(30), 10);
		started(instance1.subscribe(this.fixture.stream, "a", (e) -> groupA.add(e.eventId())));
		started(instance2.subscribe(this.fixture.stream, "a", (e) -> groupA.add(e.eventId())));
		started(instance1.subscribe(this.fixture.stream, "b", (e) -> groupB.add(e.eventId())));
		await().atMost(Duration.ofSeconds(10)).until(() -> groupA.size() == 20 && groupB.size() == 20);
		assertThat(groupA).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(groupB).containsExactlyElementsOf(ids);
	}

	private EventSubscription start(Duration claimIdle, int maxDeliveries, EventHandler handler) {
		return started(
				this.fixture.subscriptions(claimIdle, maxDeliveries).subscribe(this.fixture.stream, GROUP, handler));
	}

	private EventSubscription started(EventSubscription subscription) {
		this.subscriptions.add(subscription);
		subscription.start();
		return subscription;
	}

	private List<String> add(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			this.fixture.redis.opsForStream()
				.add(StreamRecords.string(Map.of(StreamFields.EVENT_ID, id, StreamFields.TYPE, "Thing",
						StreamFields.PAYLOAD, "{\"n\":" + i + "}"))
					.withStreamKey(this.fixture.stream));
			ids.add(id);
		}
		return ids;
	}

	private long pendingCount() {
		return this.fixture.redis.opsForStream().pending(this.fixture.stream, GROUP).getTotalPendingMessages();
	}

}
