package com.bowwow.location.stream;

import java.security.Principal;
import java.time.Clock;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.location.settings.UserSettingsStore;
import com.bowwow.location.stream.StreamConnection.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Reads client messages. Anything invalid is answered with an {@code error} message and
 * the connection stays open; only the transport's own limits (message size) close it.
 */
@Component
class StreamHandler extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

	private static final String CONNECTION = StreamConnection.class.getName();

	static final CloseStatus REPLACED = CloseStatus.POLICY_VIOLATION.withReason("too many connections");

	private final ConnectionRegistry registry;

	private final UserSettingsStore settings;

	private final StreamProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final StreamMetrics metrics;

	StreamHandler(ConnectionRegistry registry, UserSettingsStore settings, StreamProperties properties, JsonMapper json,
			Clock clock, StreamMetrics metrics) {
		this.registry = registry;
		this.metrics = metrics;
		this.settings = settings;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		UserId userId = caller(session.getPrincipal());
		if (userId == null) {
			// The security filter chain refuses unauthenticated upgrades; this is a
			// second line.
			session.close(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
			return;
		}
		// Tomcat abandons a write blocked longer than this (the default is 20 s).
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) {
			standard.getUserProperties()
				.put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", this.properties.sendTimeout().toMillis());
		}
		StreamConnection connection = new StreamConnection(session, userId, this.properties.sendQueueCapacity(),
				this.clock, this.metrics);
		session.getAttributes().put(CONNECTION, connection);
		connection.start();
		StreamConnection replaced = this.registry.add(connection);
		if (replaced != null) {
			replaced.send(text(new StreamMessages.Error(this.clock.instant(), "TOO_MANY_CONNECTIONS", "More than "
					+ this.properties.maxConnectionsPerUser() + " open streams: this, the oldest, is closed")));
			replaced.closeAfterQueued(REPLACED);
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		StreamConnection connection = (StreamConnection) session.getAttributes().get(CONNECTION);
		if (connection == null) {
			return;
		}
		connection.heard();
		JsonNode node;
		try {
			node = this.json.readTree(message.getPayload());
		}
		catch (JacksonException ex) {
			error(connection, "INVALID_MESSAGE", "Messages must be JSON objects");
			return;
		}
		if (node == null || !node.isObject() || !node.path("type").isString()) {
			error(connection, "INVALID_MESSAGE", "Messages must be JSON objects with a string 'type'");
			return;
		}
		switch (node.get("type").asString()) {
			case "subscribe" -> subscribe(connection, node);
			case "unsubscribe" -> connection.subscribe(null);
			case "ping" -> connection.send(text(new StreamMessages.Pong(this.clock.instant())));
			default ->
				error(connection, "UNKNOWN_TYPE", "Unknown message type; expected subscribe, unsubscribe or ping");
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession session, PongMessage message) {
		StreamConnection connection = (StreamConnection) session.getAttributes().get(CONNECTION);
		if (connection != null) {
			connection.heard();
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		StreamConnection connection = (StreamConnection) session.getAttributes().get(CONNECTION);
		if (connection != null) {
			this.registry.remove(connection);
			connection.close(status);
			connection.transportClosed();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		log.debug("Transport error on stream {}: {}", session.getId(), exception.toString());
	}

	private void subscribe(StreamConnection connection, JsonNode node) {
		JsonNode userId = node.get("userID");
		if (userId != null && !userId.isNull()) {
			UserId named;
			try {
				named = UserId.parse(userId.asString());
			}
			catch (IllegalArgumentException ex) {
				error(connection, "VALIDATION_FAILED", "userID must be a UUID");
				return;
			}
			if (!named.equals(connection.userId())) {
				error(connection, "FORBIDDEN", "userID must be the token's user");
				return;
			}
		}
		JsonNode latitude = node.get("latitude");
		JsonNode longitude = node.get("longitude");
		if (latitude == null || !latitude.isNumber() || longitude == null || !longitude.isNumber()) {
			error(connection, "VALIDATION_FAILED", "latitude and longitude are required numbers");
			return;
		}
		Coordinates center;
		try {
			center = Coordinates.of(latitude.asDouble(), longitude.asDouble());
		}
		catch (IllegalArgumentException ex) {
			error(connection, "VALIDATION_FAILED", ex.getMessage());
			return;
		}
		DistanceUnit unit = this.settings.find(connection.userId()).distanceUnit();
		JsonNode radius = node.get("radius");
		Distance effective;
		if (radius == null || radius.isNull()) {
			effective = unit.maximum();
		}
		else if (!radius.isNumber() || !Double.isFinite(radius.asDouble()) || radius.asDouble() <= 0) {
			error(connection, "VALIDATION_FAILED", "radius must be a number greater than 0");
			return;
		}
		else {
			effective = Distance.of(radius.asDouble(), unit).clampedToUnitMaximum();
		}
		connection.subscribe(new Subscription(center, effective.meters(), unit));
		connection.send(text(new StreamMessages.SubscriptionConfirmed(this.clock.instant(), center.latitude(),
				center.longitude(), effective.value(), unit)));
	}

	private void error(StreamConnection connection, String code, String message) {
		connection.send(text(new StreamMessages.Error(this.clock.instant(), code, message)));
	}

	TextMessage text(Object message) {
		return new TextMessage(this.json.writeValueAsString(message));
	}

	private static UserId caller(Principal principal) {
		if (principal instanceof Authentication authentication
				&& authentication.getPrincipal() instanceof AuthenticatedUser user) {
			return user.userId();
		}
		return null;
	}

}
