package com.bowwow.common.events;

import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records events in the service's outbox table as part of the caller's transaction; the
 * {@link OutboxRelay} moves them to their Redis Stream after the commit.
 */
public class EventOutbox {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final String insert;

	private final Runnable afterCommit;

	private final String erase;

	EventOutbox(JdbcTemplate jdbc, JsonMapper json, String table, Runnable afterCommit) {
		this.jdbc = jdbc;
		this.json = json;
		this.insert = "INSERT INTO " + OutboxRelay.checkedTable(table)
				+ " (event_id, stream, event_type, payload) VALUES (?, ?, ?, ?)";
		this.afterCommit = afterCommit;
		this.erase = "UPDATE " + OutboxRelay.checkedTable(table) + " SET payload = replace(payload, ?, '" + ERASED
				+ "') WHERE published_at IS NOT NULL AND strpos(payload, ?) > 0";
	}

	/** What a deleted user's ID becomes in the events kept after relaying them. */
	public static final String ERASED = "00000000-0000-0000-0000-000000000000";

	/**
	 * Adds an event to the outbox, on its stream and with its type (both derived from the
	 * record, see {@link StreamEvent}). Must run inside the transaction that makes the
	 * change the event describes, so that both commit or neither does.
	 * @param event the event
	 * @throws IllegalStateException outside a transaction
	 */
	public void publish(StreamEvent event) {
		publish(event.stream().key(), event.eventId(), event.type(), event);
	}

	/**
	 * Adds an entry of any shape (the events library's own tests); services publish
	 * {@link StreamEvent}s.
	 */
	void publish(String stream, UUID eventId, String type, Object payload) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("Events must be published inside the transaction that causes them");
		}
		this.jdbc.update(this.insert, eventId, stream, type, this.json.writeValueAsString(payload));
		if (this.afterCommit != null) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					EventOutbox.this.afterCommit.run();
				}
			});
		}
	}

	/**
	 * Erases a deleted user's ID from the events this service already relayed (rows are
	 * kept for a while after relaying, and nothing about a deleted user may remain): the
	 * ID becomes {@link #ERASED} in place. Events not relayed yet are left whole; they
	 * are relayed within moments and their consumers drop what concerns a deleted user.
	 * Call in the transaction that erases the rest of the user's data.
	 * @param id the deleted user's ID, as it appears in payloads
	 * @return how many events named them
	 */
	public int eraseFromPublished(UUID id) {
		String text = id.toString();
		return this.jdbc.update(this.erase, text, text);
	}

}
