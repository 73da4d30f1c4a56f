package com.bowwow.location.stream;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.position.PositionMoved;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.location.settings.UserSettingsProjection.SettingsApplied;
import com.bowwow.location.settings.UserSettingsProjection.UserSuspendedApplied;
import com.bowwow.location.settings.UserSettingsProjection.UsersSeparated;
import com.bowwow.location.settings.UserSettingsStore;
import com.bowwow.location.stream.StreamConnection.Shown;
import com.bowwow.location.stream.StreamConnection.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * Carries events between instances over Redis pub/sub and hands each to the local
 * connections it concerns. Every instance, the publishing one included, learns of a move
 * only through the channel, so there is one delivery path.
 *
 * <p>
 * Privacy: a mover is placed at their {@link PrivacyGrid} cell centre; circle membership,
 * distance and direction are measured from the subscriber's own true position (the centre
 * of their circle). Blocked pairs (either way) and suspended users never see each other,
 * read from the safety model at each move (fail closed: when it cannot be read, nothing
 * is sent). Each connection remembers whom it was shown, and hears
 * {@code location_removed} when any of them leaves its circle for whatever reason.
 */
@Component
class StreamFanout implements MessageListener {

	private static final Logger log = LoggerFactory.getLogger(StreamFanout.class);

	static final CloseStatus DELETED = CloseStatus.POLICY_VIOLATION.withReason("account deleted");

	static final CloseStatus SUSPENDED = CloseStatus.POLICY_VIOLATION.withReason("account suspended");

	/**
	 * Accepted position changes of visible users, as JSON {@code {userID, latitude,
	 * longitude, reportedAt}}, partitioned by area: a move goes to
	 * {@code bowwow:location:moves:<row>:<column>} of the 1° area it lands in and of the
	 * area it left (where its watchers' and its own circles are), and an instance
	 * subscribes only to the areas its connections' circles touch (a circle too wide for
	 * tiles subscribes to the pattern of them all). Internal to location-service.
	 */
	public static final String MOVES_PREFIX = "bowwow:location:moves:";

	/**
	 * Moves of users the index held no live position for (first report, back online):
	 * nothing tells where their own streams' circles are, so every instance hears these.
	 */
	public static final String FIRST_MOVES_CHANNEL = MOVES_PREFIX + "first";

	/** Every move channel. */
	public static final String ALL_MOVES_PATTERN = MOVES_PREFIX + "*";

	/**
	 * User IDs whose settings changed: the event reaches one instance (consumer group),
	 * every instance re-reads the settings of the streams it holds.
	 */
	public static final String SETTINGS_CHANNEL = "bowwow:location:settings-changed";

	/**
	 * Users to take off open streams at once (blocked, suspended), as JSON {@link Hide}:
	 * the safety event reaches one instance, every instance applies it.
	 */
	public static final String HIDE_CHANNEL = "bowwow:location:hide";

	/**
	 * The one channel every user's messages went to before each user had their own: heard
	 * as well while a rolling deploy still runs signal-service tasks that publish there.
	 * Remove once no such task is left (the release after the one that added
	 * {@link UserMessages#channelOf}).
	 */
	static final String SHARED_USER_MESSAGES_CHANNEL = "bowwow:location:user-messages";

	/** Message types other services may address to a user's connections. */
	private static final List<String> RELAYED_TYPES = List.of(UserMessages.SignalReceived.TYPE);

	private final StringRedisTemplate redis;

	private final ConnectionRegistry registry;

	private final StreamViews views;

	private final StreamText text;

	private final JsonMapper json;

	private final UserSettingsStore settings;

	private final SafetyReads safety;

	private final LocationProperties properties;

	private final Clock clock;

	private final Counter movesHeard;

	StreamFanout(StringRedisTemplate redis, ConnectionRegistry registry, StreamViews views, StreamText text,
			JsonMapper json, UserSettingsStore settings, SafetyReads safety, LocationProperties properties, Clock clock,
			MeterRegistry meters) {
		this.movesHeard = Counter.builder("bowwow.location.stream.moves.heard")
			.description("Moves this instance received from the area channels it subscribes to")
			.register(meters);
		this.redis = redis;
		this.views = views;
		this.settings = settings;
		this.registry = registry;
		this.text = text;
		this.json = json;
		this.safety = safety;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	void onMoved(PositionMoved moved) {
		Coordinates at = moved.position().coordinates();
		Move move = new Move(moved.position().userId(), at.latitude(), at.longitude(),
				Rfc3339.format(moved.position().reportedAt()), moved.position().reportedAt().toEpochMilli());
		try {
			String body = this.json.writeValueAsString(move);
			for (String channel : channelsOf(moved)) {
				this.redis.convertAndSend(channel, body);
			}
		}
		catch (RuntimeException ex) {
			// The position is stored and indexed; only live watchers miss this move.
			log.warn("Could not publish the move of {}: {}", move.userID(), ex.toString());
		}
	}

	/**
	 * Where a move must be heard: circles near its new cell; watchers showing the mover
	 * (their circles contain the old cell) and the mover's own circles (centred on the
	 * old position); everyone when there is no live old position.
	 */
	private Set<String> channelsOf(PositionMoved moved) {
		Set<String> channels = new java.util.LinkedHashSet<>();
		channels.add(areaChannel(StreamViews.areaOf(PrivacyGrid.snap(moved.position().coordinates()))));
		Instant liveSince = this.clock.instant().minus(this.properties.retention());
		if (moved.replaced() == null || moved.replaced().reportedAt().isBefore(liveSince)) {
			channels.add(FIRST_MOVES_CHANNEL);
		}
		else {
			Coordinates left = moved.replaced().coordinates();
			channels.add(areaChannel(StreamViews.areaOf(PrivacyGrid.snap(left))));
			channels.add(areaChannel(StreamViews.areaOf(left)));
		}
		return channels;
	}

	static String areaChannel(long area) {
		return MOVES_PREFIX + StreamViews.areaName(area);
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

	@EventListener
	void onSeparated(UsersSeparated separated) {
		publishHide(new Hide(separated.other(), List.of(separated.one()), false));
		publishHide(new Hide(separated.one(), List.of(separated.other()), false));
	}

	@EventListener
	void onSuspended(UserSuspendedApplied suspended) {
		publishHide(new Hide(suspended.userId(), null, true));
	}

	private void publishHide(Hide hide) {
		try {
			this.redis.convertAndSend(HIDE_CHANNEL, this.json.writeValueAsString(hide));
		}
		catch (RuntimeException ex) {
			// Their moves are already filtered by the safety model; only the removal
			// notice is lost.
			log.warn("Could not publish the removal of {}: {}", hide.userID(), ex.toString());
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		try {
			if (channel.startsWith(MOVES_PREFIX)) {
				this.movesHeard.increment();
				deliverMove(this.json.readValue(body, Move.class));
			}
			else if (channel.startsWith(UserMessages.CHANNEL_PREFIX) || SHARED_USER_MESSAGES_CHANNEL.equals(channel)) {
				relay(body);
			}
			else if (SETTINGS_CHANNEL.equals(channel)) {
				refreshSettings(UserId.parse(body));
			}
			else if (HIDE_CHANNEL.equals(channel)) {
				hide(this.json.readValue(body, Hide.class));
			}
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("Ignoring an unreadable message on {}: {}", channel, ex.getMessage());
		}
	}

	void deliverMove(Move move) {
		Coordinates at = Coordinates.of(move.latitude(), move.longitude());
		Instant lastSeen = Instant.ofEpochMilli(move.reportedAtMillis());
		// The mover's own circles follow them.
		for (StreamConnection own : this.registry.forUser(move.userID())) {
			recentre(own, at, lastSeen);
		}
		Coordinates cell = PrivacyGrid.snap(at);
		// Each is checked again below, under its monitor.
		Set<StreamConnection> concerned = this.views.concernedBy(cell, move.userID());
		if (concerned.isEmpty()) {
			return;
		}
		Set<UserId> ids = new HashSet<>();
		concerned.forEach((connection) -> ids.add(connection.userId()));
		ids.add(move.userID());
		Set<UserId> hidden;
		try {
			// One round trip: watchers blocked with the mover (either way), and whether
			// the mover (or a watcher) is suspended.
			hidden = this.safety.hiddenFrom(move.userID(), ids);
		}
		catch (DataAccessException ex) {
			log.warn("Safety model unreadable: the move of {} is not streamed: {}", move.userID(), ex.toString());
			return;
		}
		boolean moverHidden = hidden.contains(move.userID());
		Instant now = this.clock.instant();
		for (StreamConnection connection : concerned) {
			synchronized (connection) {
				if (connection.isRetired()) {
					continue;
				}
				Subscription subscription = connection.subscription();
				Map<UserId, Shown> shown = connection.shown();
				Shown before = shown.get(move.userID());
				if (before != null && !before.lastSeen().isBefore(lastSeen)) {
					// A late, older move, or this one again (a move goes to the area it
					// left and the one it entered, and a global circle hears both).
					continue;
				}
				boolean visible = StreamViews.holds(subscription, cell) && !moverHidden
						&& !hidden.contains(connection.userId());
				if (visible) {
					double meters = GreatCircle.distanceMeters(subscription.center(), cell);
					if (connection.send(this.text.of(new StreamMessages.LocationUpdate(now, move.userID(),
							Distance.ofMeters(meters).to(subscription.unit()).rounded(), subscription.unit(),
							subscription.center().directionTo(cell), lastSeen)))) {
						shown.put(move.userID(), new Shown(cell, lastSeen));
						this.views.showing(connection, move.userID());
					}
				}
				else if (before != null) {
					removeShown(connection, move.userID(), now);
				}
			}
		}
	}

	/**
	 * Moves a subscriber's circle to their new position; whoever it now leaves out hears
	 * nothing more and is removed.
	 */
	private void recentre(StreamConnection connection, Coordinates at, Instant reportedAt) {
		synchronized (connection) {
			Subscription subscription = connection.subscription();
			if (connection.isRetired() || subscription == null
					|| (subscription.centerAt() != null && !reportedAt.isAfter(subscription.centerAt()))) {
				return;
			}
			Subscription moved = subscription.movedTo(at, reportedAt);
			connection.subscribe(moved);
			this.views.placed(connection, moved);
			dropOutside(connection, moved);
		}
	}

	/** Removes the shown users outside the connection's circle. Hold its monitor. */
	void dropOutside(StreamConnection connection, Subscription subscription) {
		Instant now = this.clock.instant();
		for (Map.Entry<UserId, Shown> entry : List.copyOf(connection.shown().entrySet())) {
			if (!subscription.contains(entry.getValue().cell())) {
				removeShown(connection, entry.getKey(), now);
			}
		}
	}

	/** Tells the connection the user left; hold its monitor. */
	private void removeShown(StreamConnection connection, UserId other, Instant now) {
		if (connection.shown().remove(other) != null) {
			this.views.notShowing(connection, other);
			connection.send(this.text.of(new StreamMessages.LocationRemoved(now, other)));
		}
	}

	/** Takes a user off the connections of this instance that show them. */
	void hide(Hide hide) {
		Instant now = this.clock.instant();
		for (StreamConnection connection : this.views.viewersOf(hide.userID())) {
			if (hide.viewers() == null || hide.viewers().contains(connection.userId())) {
				synchronized (connection) {
					removeShown(connection, hide.userID(), now);
				}
			}
		}
		if (hide.closeTheirStreams()) {
			this.registry.forUser(hide.userID()).forEach((connection) -> connection.close(SUSPENDED));
		}
	}

	/**
	 * Removes users whose shown position expired (nobody hears of a position older than
	 * the retention).
	 */
	@Scheduled(initialDelayString = "${bowwow.location.purge-interval:1m}",
			fixedDelayString = "${bowwow.location.purge-interval:1m}")
	public void removeExpired() {
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.properties.retention());
		for (UserId other : this.views.shownUsers()) {
			for (StreamConnection connection : this.views.viewersOf(other)) {
				synchronized (connection) {
					Shown shown = connection.shown().get(other);
					if (shown != null && shown.lastSeen().isBefore(cutoff)) {
						removeShown(connection, other, now);
					}
				}
			}
		}
	}

	/**
	 * Applies a user's new settings on this instance: in offline mode or deleted they
	 * leave every circle they were shown in; their own streams stop (offline: an error
	 * and no more messages until they subscribe again; deleted: closed); otherwise their
	 * subscriptions switch to the new unit.
	 */
	private void refreshSettings(UserId userId) {
		List<StreamConnection> connections = this.registry.forUser(userId);
		Set<StreamConnection> viewers = this.views.viewersOf(userId);
		if (connections.isEmpty() && viewers.isEmpty()) {
			return;
		}
		UserSettings settings = this.settings.find(userId);
		if (settings.isOffline()) {
			hide(new Hide(userId, null, false));
		}
		if (this.settings.isDeleted(userId)) {
			// The account is gone and its tokens are refused: so are its open streams.
			connections.forEach((connection) -> connection.close(DELETED));
			return;
		}
		for (StreamConnection connection : connections) {
			synchronized (connection) {
				Subscription current = connection.subscription();
				if (current == null || connection.isRetired()) {
					continue;
				}
				if (settings.isOffline()) {
					unsubscribe(connection);
					connection.send(this.text.of(new StreamMessages.Error(this.clock.instant(), "USER_OFFLINE",
							"You are in offline mode: the subscription stopped; subscribe again when back online")));
				}
				else if (current.unit() != settings.distanceUnit()) {
					double meters = Math.min(current.radiusMeters(), settings.distanceUnit().maximum().meters());
					connection.subscribe(
							new Subscription(current.center(), current.centerAt(), meters, settings.distanceUnit()));
					this.views.placed(connection, connection.subscription());
				}
			}
		}
	}

	/**
	 * Ends the connection's subscription and forgets whom it showed; hold its monitor.
	 */
	void unsubscribe(StreamConnection connection) {
		connection.subscribe(null);
		this.views.placed(connection, null);
		connection.shown().keySet().forEach((other) -> this.views.notShowing(connection, other));
		connection.shown().clear();
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

	/**
	 * A user to take off open streams.
	 *
	 * @param userID who leaves
	 * @param viewers only the connections of these users (null: everyone's)
	 * @param closeTheirStreams whether the user's own streams close (suspension)
	 */
	record Hide(UserId userID, List<UserId> viewers, boolean closeTheirStreams) {

	}

}
