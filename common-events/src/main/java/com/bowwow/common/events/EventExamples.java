package com.bowwow.common.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serialised example of each event type of a stream: {@code examples/<type>.json}
 * beside the stream's sealed family in its {@code *-api} module. They pin the wire format
 * (the producer's module checks that each reads into its record and writes back
 * unchanged) and are what consumers' tests feed their handlers.
 */
public final class EventExamples {

	private EventExamples() {
	}

	/** The example payload of one type, as a stream entry carries it. */
	public static String payload(EventStream<?> stream, String type) {
		String name = "examples/" + type + ".json";
		try (InputStream in = stream.family().getResourceAsStream(name)) {
			Objects.requireNonNull(in, () -> "No example " + name + " beside " + stream.family().getName());
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The example of one type as a consumer receives it. */
	public static ReceivedEvent entry(EventStream<?> stream, String type) {
		return new ReceivedEvent(stream.key(), "1-0", "example-" + type, type, payload(stream, type), 1);
	}

	/** The examples of every type of the stream, in declaration order. */
	public static List<ReceivedEvent> entries(EventStream<?> stream) {
		return stream.typeNames().stream().map((type) -> entry(stream, type)).toList();
	}

	/**
	 * Types whose example is missing, does not read into its record, or does not write
	 * back as the same JSON (a renamed or retyped component: a wire format change).
	 * @param stream the stream
	 * @param json the mapper services use (with the BowWow Jackson module)
	 * @return one line per problem; empty when every example holds
	 */
	public static List<String> mismatches(EventStream<?> stream, JsonMapper json) {
		List<String> problems = new ArrayList<>();
		for (String type : stream.typeNames()) {
			try {
				String payload = payload(stream, type);
				Object event = stream.read(json, type, payload).orElseThrow();
				// Parsed back from text like the example, so numbers compare by value.
				JsonNode written = json.readTree(json.writeValueAsString(event));
				if (!written.equals(json.readTree(payload))) {
					problems.add(type + ": written as " + written + ", example " + json.readTree(payload));
				}
			}
			catch (RuntimeException ex) {
				problems.add(type + ": " + ex.getMessage());
			}
		}
		return problems;
	}

}
