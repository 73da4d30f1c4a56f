package com.bowwow.location.stream;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.position.PositionService;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import com.bowwow.location.position.UpdateOutcome;
import com.bowwow.location.safety.RateLimiter;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.location.settings.UserSettingsStore;
import com.bowwow.location.stream.StreamConnection.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
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

	private final StreamText text;

	private final StreamViews views;

	private final StreamFanout fanout;

	private final RateLimiter limiter;

	private final PositionService positions;

	private final PositionStore store;

	private final LocationProperties locationProperties;

	private final SafetyReads safety;

	StreamHandler(ConnectionRegistry registry, UserSettingsStore settings, StreamProperties properties, JsonMapper json,
			Clock clock, StreamMetrics metrics, StreamText text, StreamViews views, StreamFanout fanout,
			RateLimiter limiter, PositionService positions, PositionStore store, LocationProperties locationProperties,
			SafetyReads safety) {
		this.safety = safety;
		this.text = text;
		this.views = views;
		this.fanout = fanout;
		this.limiter = limiter;
		this.positions = positions;
		this.store = store;
		this.locationProperties = locationProperties;
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
			case "subscribe" -> {
				try {
					subscribe(connection, node);
				}
				catch (RuntimeException ex) {
					// A database or Redis failure: the client retries; the socket stays.
					log.warn("Subscribe on stream {} failed: {}", connection.id(), ex.toString());
					error(connection, "SERVICE_UNAVAILABLE", "Try again shortly");
				}
			}
			case "unsubscribe" -> {
				synchronized (connection) {
					this.fanout.unsubscribe(connection);
				}
			}
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

	/**
	 * A subscribe: validated before anything is read or stored, then rate limited, then
	 * refused for a subscriber in offline mode. Coordinates in it are the subscriber's
	 * position update (the same rules as {@code POST /api/v1/locations/update}, reported
	 * now); the circle is centred on the subscriber's newest stored position whatever
	 * they say, and follows them.
	 */
	private void subscribe(StreamConnection connection, JsonNode node) {
		JsonNode userId = node.get("userID");
		if (userId != null && !userId.isNull()) {
			if (!userId.isString()) {
				error(connection, "VALIDATION_FAILED", "userID must be a UUID");
				return;
			}
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
		boolean hasLatitude = latitude != null && !latitude.isNull();
		boolean hasLongitude = longitude != null && !longitude.isNull();
		Coordinates reported = null;
		if (hasLatitude || hasLongitude) {
			if (!hasLatitude || !hasLongitude || !latitude.isNumber() || !longitude.isNumber()) {
				error(connection, "VALIDATION_FAILED", "latitude and longitude must both be numbers, or both absent");
				return;
			}
			try {
				reported = Coordinates.of(latitude.asDouble(), longitude.asDouble());
			}
			catch (IllegalArgumentException ex) {
				error(connection, "VALIDATION_FAILED", ex.getMessage());
				return;
			}
		}
		JsonNode radius = node.get("radius");
		boolean hasRadius = radius != null && !radius.isNull();
		if (hasRadius && (!radius.isNumber() || !Double.isFinite(radius.asDouble()) || radius.asDouble() <= 0)) {
			error(connection, "VALIDATION_FAILED", "radius must be a number greater than 0");
			return;
		}
		// Before any database read or write.
		Duration wait;
		try {
			wait = this.limiter.subscribe(connection.userId());
		}
		catch (DataAccessException ex) {
			error(connection, "SERVICE_UNAVAILABLE", "Try again shortly");
			return;
		}
		if (!wait.isZero()) {
			error(connection, "RATE_LIMITED",
					"Too many subscribes; retry in " + RateLimiter.retryAfterSeconds(wait) + " s");
			return;
		}
		if (this.safety.isSuspended(connection.userId())) {
			error(connection, "ACCOUNT_SUSPENDED", "This account is suspended");
			return;
		}
		UserSettings settings = this.settings.find(connection.userId());
		if (settings.isOffline()) {
			error(connection, "USER_OFFLINE", "You are in offline mode: you see no one");
			return;
		}
		DistanceUnit unit = settings.distanceUnit();
		Distance effective = hasRadius ? Distance.of(radius.asDouble(), unit).clampedToUnitMaximum() : unit.maximum();
		Instant now = this.clock.instant();
		Optional<StoredPosition> own = Optional.empty();
		if (reported != null) {
			try {
				if (this.positions.update(connection.userId(), reported, now) == UpdateOutcome.STORED) {
					own = Optional.of(new StoredPosition(connection.userId(), reported, now));
				}
			}
			catch (ApiException ex) {
				error(connection, "VALIDATION_FAILED", ex.getMessage());
				return;
			}
		}
		if (own.isEmpty()) {
			own = this.store.find(connection.userId(), now.minus(this.locationProperties.retention()));
		}
		Subscription subscription = new Subscription(own.map(StoredPosition::coordinates).orElse(null),
				own.map(StoredPosition::reportedAt).orElse(null), effective.meters(), unit);
		synchronized (connection) {
			if (connection.isRetired()) {
				return;
			}
			Subscription current = connection.subscription();
			// A move of the subscriber's that arrived meanwhile is newer than what was
			// read.
			if (current != null && current.centerAt() != null
					&& (subscription.centerAt() == null || current.centerAt().isAfter(subscription.centerAt()))) {
				subscription = new Subscription(current.center(), current.centerAt(), effective.meters(), unit);
			}
			connection.subscribe(subscription);
			this.views.placed(connection, subscription);
			Coordinates center = subscription.center();
			connection
				.send(text(new StreamMessages.SubscriptionConfirmed(now, (center != null) ? center.latitude() : null,
						(center != null) ? center.longitude() : null, effective.value(), unit)));
			// Then whoever the new circle leaves out.
			this.fanout.dropOutside(connection, subscription);
		}
	}

	private void error(StreamConnection connection, String code, String message) {
		connection.send(text(new StreamMessages.Error(this.clock.instant(), code, message)));
	}

	private TextMessage text(Object message) {
		return this.text.of(message);
	}

	private static UserId caller(Principal principal) {
		if (principal instanceof Authentication authentication
				&& authentication.getPrincipal() instanceof AuthenticatedUser user) {
			return user.userId();
		}
		return null;
	}

}
