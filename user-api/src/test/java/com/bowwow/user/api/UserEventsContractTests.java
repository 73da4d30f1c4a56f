package com.bowwow.user.api;

import com.bowwow.common.events.EventExamples;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of user-service's events, pinned by the examples every consumer's tests
 * read: each reads into its record and writes back unchanged, on the stream and with the
 * type name older and newer versions use.
 */
class UserEventsContractTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	@Test
	void everyTypeHasAnExampleThatWritesBackUnchanged() {
		assertThat(EventExamples.mismatches(UserEvents.DESCRIPTOR, this.json)).isEmpty();
	}

	@Test
	void theStreamKeepsItsKeyAndProducer() {
		assertThat(UserEvents.DESCRIPTOR.key()).isEqualTo(UserEvents.STREAM).isEqualTo("bowwow:events:user");
		assertThat(UserEvents.DESCRIPTOR.producer()).isEqualTo("user-service");
	}

	@Test
	void unknownTypesReadAsNothing() {
		assertThat(UserEvents.DESCRIPTOR.read(this.json, "SomethingNewer", "{}")).isEmpty();
	}

}
