package com.bowwow.signal.api;

import com.bowwow.common.events.EventExamples;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of signal-service's events, pinned by the examples every consumer's
 * tests read: each reads into its record and writes back unchanged, on the stream and
 * with the type name older and newer versions use.
 */
class SignalEventsContractTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	@Test
	void everyTypeHasAnExampleThatWritesBackUnchanged() {
		assertThat(EventExamples.mismatches(SignalEvents.DESCRIPTOR, this.json)).isEmpty();
	}

	@Test
	void theStreamKeepsItsKeyAndProducer() {
		assertThat(SignalEvents.DESCRIPTOR.key()).isEqualTo(SignalEvents.STREAM).isEqualTo("bowwow:events:signal");
		assertThat(SignalEvents.DESCRIPTOR.typeNames()).containsExactly("SignalSent", "ArrivalsDelivered");
		assertThat(SignalEvents.DESCRIPTOR.producer()).isEqualTo("signal-service");
	}

	@Test
	void unknownTypesReadAsNothing() {
		assertThat(SignalEvents.DESCRIPTOR.read(this.json, "SomethingNewer", "{}")).isEmpty();
	}

}
