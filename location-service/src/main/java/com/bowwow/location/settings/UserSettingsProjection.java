package com.bowwow.location.settings;

import com.bowwow.common.events.EventOutbox;

import java.time.Clock;
import java.time.Instant;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionStore;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.projection.UserProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies user-service's events to the shared {@link UserProjection} and keeps the index
 * in step (its hooks): going offline removes the user from the index, coming back online
 * re-indexes the stored position, deletion removes the position from the database and the
 * index.
 */
@Component
public class UserSettingsProjection implements UserEventHandler, UserProjection.Hooks {

	private static final Logger log = LoggerFactory.getLogger(UserSettingsProjection.class);

	private final UserSettingsStore store;

	private final PositionStore positions;

	private final SpatialIndex index;

	private final ApplicationEventPublisher events;

	private final LocationProperties properties;

	private final Clock clock;

	private final EventOutbox outbox;

	UserSettingsProjection(UserSettingsStore store, PositionStore positions, SpatialIndex index,
			ApplicationEventPublisher events, LocationProperties properties, Clock clock, EventOutbox outbox) {
		this.outbox = outbox;
		this.store = store;
		this.positions = positions;
		this.index = index;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void project(UserEvent event) {
		this.store.projection().apply(event, this);
	}

	@Override
	public void settingsChanged(String eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt) {
		if (!this.store.projection().applySettings(eventId, userId, distanceUnit, isOffline, occurredAt)) {
			log.debug("Settings event {} for {} is a repeat or older than the last applied; ignored", eventId, userId);
			return;
		}
		settingsChanged(userId);
	}

	@Override
	public void settingsChanged(UserId userId) {
		// Re-read: the stored row is the truth whatever order events were applied in.
		if (this.store.find(userId).isOffline()) {
			this.index.remove(userId);
		}
		else {
			this.positions.find(userId, this.clock.instant().minus(this.properties.retention()))
				.ifPresent((position) -> this.index.put(userId, position.coordinates(), position.reportedAt()));
		}
		this.events.publishEvent(new SettingsApplied(userId));
	}

	@Override
	public void userDeleted(String eventId, UserId userId, Instant occurredAt) {
		this.store.projection().delete(eventId, userId, occurredAt, this);
	}

	@Override
	public void erase(UserId userId) {
		this.positions.delete(userId);
		this.index.remove(userId);
		this.outbox.eraseFromPublished(userId.value());
	}

	@Override
	public void erased(UserId userId) {
		// After the commit: open streams on every instance re-read the user's row.
		this.events.publishEvent(new SettingsApplied(userId));
	}

	@Override
	public void usersSeparated(String eventId, UserId blocker, UserId blocked) {
		this.events.publishEvent(new UsersSeparated(blocker, blocked));
	}

	@Override
	public void userSuspended(String eventId, UserId userId) {
		this.events.publishEvent(new UserSuspendedApplied(userId));
	}

	/** In-process notice that a block now stands between two users. */
	public record UsersSeparated(UserId one, UserId other) {

	}

	/** In-process notice that a user was suspended. */
	public record UserSuspendedApplied(UserId userId) {

	}

	/** In-process notice that a user's settings changed (open streams re-read them). */
	public record SettingsApplied(UserId userId) {

	}

}
