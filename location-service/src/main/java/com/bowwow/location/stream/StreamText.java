package com.bowwow.location.stream;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/** Server messages as WebSocket text frames. */
@Component
class StreamText {

	private final JsonMapper json;

	StreamText(JsonMapper json) {
		this.json = json;
	}

	TextMessage of(Object message) {
		return new TextMessage(this.json.writeValueAsString(message));
	}

}
