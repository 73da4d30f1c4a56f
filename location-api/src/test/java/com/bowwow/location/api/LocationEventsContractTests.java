package com.bowwow.location.api;

import com.bowwow.common.events.EventExamples;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of location-service's events, pinned by the examples every consumer's
 * tests read: each reads into its record and writes back unchanged, on the stream and
 * with the type name older and newer versions use.
 */
class LocationEventsContractTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	@Test
	void everyTypeHasAnExampleThatWritesBackUnchanged() {
		assertThat(EventExamples.mismatches(LocationEvents.DESCRIPTOR, this.json)).isEmpty();
	}

	@Test
	void theStreamKeepsItsKeyAndProducer() {
		assertThat(LocationEvents.DESCRIPTOR.key()).isEqualTo(LocationEvents.STREAM)
			.isEqualTo("bowwow:events:location");
		assertThat(LocationEvents.DESCRIPTOR.typeNames()).containsExactly("LocationReported",
				"StreamConnectionsSampled");
		assertThat(LocationEvents.DESCRIPTOR.producer()).isEqualTo("location-service");
	}

	@Test
	void unknownTypesReadAsNothing() {
		assertThat(LocationEvents.DESCRIPTOR.read(this.json, "SomethingNewer", "{}")).isEmpty();
	}

}
