package com.bowwow.common.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A deleted user's ID leaves the events kept after relaying, and nothing else does. */
class OutboxErasureTests {

	private final EventsFixture fixture;

	OutboxErasureTests() throws Exception {
		this.fixture = new EventsFixture();
	}

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void relayedEventsLoseTheIdAndPendingOnesAndOthersStayWhole() {
		EventOutbox outbox = this.fixture.outbox(null);
		OutboxRelay relay = this.fixture.relay(this.fixture.transactionManager);
		UUID deleted = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		this.fixture.transactions.executeWithoutResult((status) -> {
			outbox.publish(this.fixture.stream, UUID.randomUUID(), "Sent", Map.of("senderID", deleted.toString()));
			outbox.publish(this.fixture.stream, UUID.randomUUID(), "Delivered",
					Map.of("receivers", List.of(deleted.toString(), other.toString())));
			outbox.publish(this.fixture.stream, UUID.randomUUID(), "Sent", Map.of("senderID", other.toString()));
		});
		relay.drain();
		this.fixture.transactions.executeWithoutResult((status) -> outbox.publish(this.fixture.stream,
				UUID.randomUUID(), "Sent", Map.of("senderID", deleted.toString())));

		int erased = this.fixture.transactions.execute((status) -> outbox.eraseFromPublished(deleted));

		assertThat(erased).isEqualTo(2);
		assertThat(payloads(true)).noneMatch((payload) -> payload.contains(deleted.toString()))
			.anyMatch((payload) -> payload.contains(EventOutbox.ERASED))
			.filteredOn((payload) -> payload.contains(other.toString()))
			.hasSize(2);
		assertThat(payloads(false)).singleElement().asString().contains(deleted.toString());
	}

	private List<String> payloads(boolean published) {
		return this.fixture.jdbc.queryForList("SELECT payload FROM event_outbox WHERE (published_at IS NOT NULL) = ?",
				String.class, published);
	}

}
