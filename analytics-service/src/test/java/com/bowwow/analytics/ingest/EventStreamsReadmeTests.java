package com.bowwow.analytics.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.bowwow.common.events.EventStream;
import com.bowwow.location.api.LocationEvents;
import com.bowwow.push.api.PushEvents;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.user.api.UserEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table and diagram of event streams are rendered from the streams'
 * descriptors (here, where analytics-service consumes every stream): adding, renaming or
 * moving an event type or a consumer fails this test until the README says so.
 */
class EventStreamsReadmeTests {

	static final List<EventStream<?>> STREAMS = List.of(UserEvents.DESCRIPTOR, LocationEvents.DESCRIPTOR,
			SignalEvents.DESCRIPTOR, PushEvents.DESCRIPTOR);

	@Test
	void theReadmeListsEveryStreamAsItsDescriptorSays() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		String table = EventStream.markdownTable(STREAMS);
		assertThat(readme).as("README.md must contain, exactly:%n%s", table).contains(table);
		String diagram = EventStream.mermaidFlowchart(STREAMS);
		assertThat(readme).as("README.md must contain, exactly:%n%s", diagram).contains(diagram);
	}

	@Test
	void theDiagramDrawsAnArrowFromTheProducerToEachConsumerGroup() {
		assertThat(EventStream.mermaidFlowchart(List.of(PushEvents.DESCRIPTOR))).isEqualTo("""
				```mermaid
				flowchart LR
				  push_service[push-service] -->|"bowwow:events:push"| analytics_service[analytics-service]
				```
				""");
	}

	@Test
	void theTableNamesEachStreamItsProducerAndItsTypes() {
		assertThat(EventStream.markdownTable(List.of(PushEvents.DESCRIPTOR)))
			.isEqualTo("| stream | producer | event types |\n|---|---|---|\n"
					+ "| `bowwow:events:push` | push-service | `PushesFinished` |\n");
	}

}
