package com.bowwow.location.api;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.events.StreamEvent;
import com.bowwow.location.api.LocationEvents.LocationReported;
import com.bowwow.location.api.LocationEvents.StreamConnectionsSampled;

/** What location-service announces: the events of {@link LocationEvents#DESCRIPTOR}. */
public sealed interface LocationEvent extends StreamEvent permits LocationReported, StreamConnectionsSampled {

	@Override
	default EventStream<LocationEvent> stream() {
		return LocationEvents.DESCRIPTOR;
	}

}
