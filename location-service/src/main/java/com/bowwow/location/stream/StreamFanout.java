package com.bowwow.location.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.position.PositionMoved;
import com.bowwow.location.settings.UserSettings;
import com.bowwow.location.settings.UserSettingsProjection.SettingsApplied;
import com.bowwow.location.settings.UserSettingsStore;
import com.bowwow.location.stream.StreamConnection.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * Carries events between instances over Redis pub/sub and hands each to the local
 * connections it concerns. Every instance, the publishing one included, learns of a move
 * only through the channel, so there is one delivery path.
 */
@Component
public class StreamFanout implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(StreamFanout.class);

	static final CloseStatus DELETED = CloseStatus.POLICY_VIOLATION.withReason("account deleted");

	/**
	 * Accepted position changes of visible users, as JSON {@code {userID, latitude,
	 * longitude, reportedAt}}. Internal to location-service.
	 */
	public static final String MOVES_CHANNEL = "bowwow:location:moves";

	/**
	 * User IDs whose settings changed: the event reaches one instance (consumer group),
	 * every instance re-reads the settings of the streams it holds.
	 */
	public static final String SETTINGS_CHANNEL = "bowwow:location:settings-changed";

	/** Message types other services may address to a user's connections. */
	private static final List<String> RELAYED_TYPES = List.of(UserMessages.SignalReceived.TYPE);

	private final StringRedisTemplate redis;

	private final ConnectionRegistry registry;

	private final StreamHandler handler;

	private final JsonMapper json;

	private final UserSettingsStore settings;

	private final Clock clock;

	StreamFanout(StringRedisTemplate redis, ConnectionRegistry registry, StreamHandler handler, JsonMapper json,
			UserSettingsStore settings, Clock clock) {
		this.redis = redis;
		this.settings = settings;
		this.registry = registry;
		this.handler = handler;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void onMoved(PositionMoved moved) {
		Move move = new Move(moved.position().userId(), moved.position().coordinates().latitude(),
				moved.position().coordinates().longitude(), Rfc3339.format(moved.position().reportedAt()),
				moved.position().reportedAt().toEpochMilli());
		try {
			this.redis.convertAndSend(MOVES_CHANNEL, this.json.writeValueAsString(move));
		}
		catch (RuntimeException ex) {
			// The position is stored and indexed; only live watchers miss this move.
			log.warn("Could not publish the move of {}: {}", move.userID(), ex.toString());
		}
	}

	@EventListener
	void onSettingsApplied(SettingsApplied applied) {
		try {
			this.redis.convertAndSend(SETTINGS_CHANNEL, applied.userId().toString());
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish the settings change of {}: {}", applied.userId(), ex.toString());
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String channel = new String(message.getChannel(), java.nio.charset.StandardCharsets.UTF_8);
		String body = new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
		try {
			if (MOVES_CHANNEL.equals(channel)) {
				deliverMove(this.json.readValue(body, Move.class));
			}
			else if (UserMessages.CHANNEL.equals(channel)) {
				relay(body);
			}
			else if (SETTINGS_CHANNEL.equals(channel)) {
				refreshSettings(UserId.parse(body));
			}
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("Ignoring an unreadable message on {}: {}", channel, ex.getMessage());
		}
	}

	private void deliverMove(Move move) {
		Coordinates at = Coordinates.of(move.latitude(), move.longitude());
		Instant lastSeen = Instant.ofEpochMilli(move.reportedAtMillis());
		Instant now = this.clock.instant();
		for (StreamConnection connection : this.registry.all()) {
			Subscription subscription = connection.subscription();
			if (subscription == null || connection.userId().equals(move.userID())) {
				continue;
			}
			double meters = GreatCircle.distanceMeters(subscription.center(), at);
			if (meters > subscription.radiusMeters()) {
				continue;
			}
			connection.send(this.handler.text(new StreamMessages.LocationUpdate(now, move.userID(),
					Distance.ofMeters(meters).to(subscription.unit()).rounded(), subscription.unit(),
					subscription.center().directionTo(at), lastSeen)));
		}
	}

	/**
	 * Applies a user's new unit to the subscriptions of their open streams (an offline
	 * user may keep watching: offline means invisible to others); closes the streams of a
	 * deleted account.
	 */
	private void refreshSettings(UserId userId) {
		List<StreamConnection> connections = this.registry.forUser(userId);
		if (connections.isEmpty()) {
			return;
		}
		if (this.settings.isDeleted(userId)) {
			// The account is gone and its tokens are refused: so are its open streams.
			connections.forEach((connection) -> connection.close(DELETED));
			return;
		}
		UserSettings settings = this.settings.find(userId);
		for (StreamConnection connection : connections) {
			Subscription current = connection.subscription();
			if (current != null && current.unit() != settings.distanceUnit()) {
				double meters = Math.min(current.radiusMeters(), settings.distanceUnit().maximum().meters());
				connection.subscribe(new Subscription(current.center(), meters, settings.distanceUnit()));
			}
		}
	}

	private void relay(String body) {
		JsonNode node = this.json.readTree(body);
		if (!(node instanceof ObjectNode object) || !RELAYED_TYPES.contains(object.path("type").asString(""))) {
			log.warn("Ignoring a user message of unknown shape or type");
			return;
		}
		UserId receiver = UserId.parse(object.path("receiverID").asString(""));
		List<StreamConnection> connections = this.registry.forUser(receiver);
		if (connections.isEmpty()) {
			return;
		}
		object.remove("receiverID");
		object.put("timestamp", Rfc3339.format(this.clock.instant()));
		TextMessage text = new TextMessage(this.json.writeValueAsString(object));
		connections.forEach((connection) -> connection.send(text));
	}

	/** A move as it travels between instances. */
	record Move(UserId userID, double latitude, double longitude, String reportedAt, long reportedAtMillis) {

	}

}
