package com.bowwow.push.api;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.events.StreamEvent;
import com.bowwow.push.api.PushEvents.PushesFinished;

/** What push-service announces: the events of {@link PushEvents#DESCRIPTOR}. */
public sealed interface PushEvent extends StreamEvent permits PushesFinished {

	@Override
	default EventStream<PushEvent> stream() {
		return PushEvents.DESCRIPTOR;
	}

}
