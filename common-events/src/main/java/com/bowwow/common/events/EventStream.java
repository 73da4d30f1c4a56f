package com.bowwow.common.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Describes one event stream: the service that produces it, its Redis Stream key and the
 * sealed family of its event records. The entry's {@code type} of each event is its
 * record's simple name; that and the record's JSON are the wire format, so renaming a
 * record or a component is a breaking change (the contract examples of each {@code *-api}
 * module pin both).
 *
 * @param <E> the stream's sealed event family
 * @param producer the service that publishes it (the only one: sequences are per stream)
 * @param key the Redis Stream key
 * @param family the sealed interface every event of the stream implements
 * @param types the event records by their {@code type} name, in declaration order
 * @param consumers the consumer groups that read it (one per consuming service); a
 * service can only subscribe with a group named here, so the README's diagram, drawn from
 * these, cannot miss a consumer
 */
public record EventStream<E extends StreamEvent>(String producer, String key, Class<E> family,
		Map<String, Class<? extends E>> types, List<String> consumers) {

	private static final Logger log = LoggerFactory.getLogger(EventStream.class);

	public EventStream {
		Objects.requireNonNull(producer, "producer");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(family, "family");
		types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
		consumers = List.copyOf(consumers);
	}

	/**
	 * The descriptor of a stream whose events are the records permitted by a sealed
	 * interface.
	 * @param producer the producing service
	 * @param key the Redis Stream key
	 * @param family a sealed interface whose permitted subclasses are records
	 * @param consumers the consumer groups that read it
	 * @return the descriptor
	 */
	public static <E extends StreamEvent> EventStream<E> of(String producer, String key, Class<E> family,
			String... consumers) {
		if (!family.isSealed()) {
			throw new IllegalArgumentException(
					family.getName() + " must be sealed: its records are the stream's types");
		}
		Map<String, Class<? extends E>> types = new LinkedHashMap<>();
		for (Class<?> permitted : family.getPermittedSubclasses()) {
			if (!permitted.isRecord()) {
				throw new IllegalArgumentException(permitted.getName() + " must be a record");
			}
			types.put(typeName(permitted), permitted.asSubclass(family));
		}
		return new EventStream<>(producer, key, family, types, List.of(consumers));
	}

	/** The {@code type} of an event record on the wire: its simple name. */
	static String typeName(Class<?> type) {
		return type.getSimpleName();
	}

	/**
	 * Reads a stream entry's payload.
	 * @param json a mapper with the BowWow Jackson module (the application's own)
	 * @param type the entry's {@code type} field
	 * @param payload the entry's {@code payload} field
	 * @return the event, or empty for a type this version does not know (a newer
	 * producer): skip it
	 */
	public Optional<E> read(JsonMapper json, String type, String payload) {
		Class<? extends E> eventType = this.types.get(type);
		return (eventType != null) ? Optional.of(json.readValue(payload, eventType)) : Optional.empty();
	}

	/** Reads a received entry; empty for a type this version does not know. */
	public Optional<E> read(JsonMapper json, ReceivedEvent entry) {
		return read(json, entry.type(), entry.payload());
	}

	/**
	 * A stream consumer that reads each entry into its record and hands it to the
	 * listener, which switches over the sealed family exhaustively. Entries of types this
	 * version does not know (a newer producer) are acknowledged and skipped.
	 * @param json the application's mapper
	 * @param listener what to do with each event
	 * @return the handler for
	 * {@link EventSubscriptions#subscribe(EventStream, String, EventHandler)}
	 */
	public EventHandler handler(JsonMapper json, Listener<? super E> listener) {
		return (entry) -> {
			Optional<E> event = read(json, entry);
			if (event.isPresent()) {
				listener.on(event.get());
			}
			else {
				log.debug("Skipping {} entry {} of unknown type {}", this.key, entry.entryId(), entry.type());
			}
		};
	}

	/**
	 * One row per stream of a Markdown table (stream, producer, event types), for the
	 * README's architecture section, which a test keeps equal to this rendering.
	 * @param streams the descriptors, in the order to list them
	 * @return the table, ending with a line break
	 */
	public static String markdownTable(List<EventStream<?>> streams) {
		StringBuilder table = new StringBuilder("| stream | producer | event types |\n|---|---|---|\n");
		for (EventStream<?> stream : streams) {
			table.append("| `")
				.append(stream.key())
				.append("` | ")
				.append(stream.producer())
				.append(" | ")
				.append(String.join(", ", stream.types().keySet().stream().map((t) -> "`" + t + "`").toList()))
				.append(" |\n");
		}
		return table.toString();
	}

	/**
	 * The streams as a Mermaid flowchart: each producer, an arrow per consumer group
	 * labelled with the stream. The README's architecture section holds this rendering,
	 * which a test keeps equal.
	 * @param streams the descriptors, in the order to draw them
	 * @return the diagram, fenced as a Markdown code block, ending with a line break
	 */
	public static String mermaidFlowchart(List<EventStream<?>> streams) {
		StringBuilder chart = new StringBuilder("```mermaid\nflowchart LR\n");
		for (EventStream<?> stream : streams) {
			for (String consumer : stream.consumers()) {
				chart.append("  ")
					.append(node(stream.producer()))
					.append(" -->|\"")
					.append(stream.key())
					.append("\"| ")
					.append(node(consumer))
					.append('\n');
			}
		}
		return chart.append("```\n").toString();
	}

	private static String node(String service) {
		return service.replace('-', '_') + "[" + service + "]";
	}

	/** The names of its event types, in declaration order. */
	public List<String> typeNames() {
		return List.copyOf(this.types.keySet());
	}

	/**
	 * What a consumer does with each event of a stream. Must be idempotent (delivery is
	 * at least once); throwing leaves the entry pending for a later redelivery.
	 *
	 * @param <E> the stream's event family
	 */
	@FunctionalInterface
	public interface Listener<E> {

		void on(E event) throws Exception;

	}

	@Override
	public String toString() {
		return this.key + " (" + this.producer + ": " + this.types.keySet() + ")";
	}

}
