package com.bowwow.push.api;

import com.bowwow.common.events.EventExamples;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of push-service's events, pinned by the examples every consumer's tests
 * read: each reads into its record and writes back unchanged, on the stream and with the
 * type name older and newer versions use.
 */
class PushEventsContractTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	@Test
	void everyTypeHasAnExampleThatWritesBackUnchanged() {
		assertThat(EventExamples.mismatches(PushEvents.DESCRIPTOR, this.json)).isEmpty();
	}

	@Test
	void theStreamKeepsItsKeyAndProducer() {
		assertThat(PushEvents.DESCRIPTOR.key()).isEqualTo(PushEvents.STREAM).isEqualTo("bowwow:events:push");
		assertThat(PushEvents.DESCRIPTOR.typeNames()).containsExactly("PushesFinished");
		assertThat(PushEvents.DESCRIPTOR.producer()).isEqualTo("push-service");
	}

	@Test
	void unknownTypesReadAsNothing() {
		assertThat(PushEvents.DESCRIPTOR.read(this.json, "SomethingNewer", "{}")).isEmpty();
	}

}
