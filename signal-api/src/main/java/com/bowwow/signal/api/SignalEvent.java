package com.bowwow.signal.api;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.events.StreamEvent;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.signal.api.SignalEvents.SignalSent;

/** What signal-service announces: the events of {@link SignalEvents#DESCRIPTOR}. */
public sealed interface SignalEvent extends StreamEvent permits SignalSent, ArrivalsDelivered {

	@Override
	default EventStream<SignalEvent> stream() {
		return SignalEvents.DESCRIPTOR;
	}

}
