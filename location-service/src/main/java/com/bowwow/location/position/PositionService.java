package com.bowwow.location.position;

import java.time.Clock;
import java.time.Instant;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.settings.UserSettingsStore;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Records a user's position: the database decides newest-wins, and only a position that
 * won reaches the index and the stream. Offline users' positions are stored (so they
 * reappear when they come back online) but never indexed or streamed.
 */
@Service
public class PositionService {

	private final PositionStore store;

	private final SpatialIndex index;

	private final UserSettingsStore settings;

	private final ApplicationEventPublisher events;

	private final LocationProperties properties;

	private final Clock clock;

	PositionService(PositionStore store, SpatialIndex index, UserSettingsStore settings,
			ApplicationEventPublisher events, LocationProperties properties, Clock clock) {
		this.store = store;
		this.index = index;
		this.settings = settings;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	public UpdateOutcome update(UserId userId, Coordinates coordinates, Instant reportedAt) {
		Instant now = this.clock.instant();
		if (reportedAt.isAfter(now.plus(this.properties.maxFutureSkew()))) {
			throw ApiException.invalid("location.timestamp",
					"must not be more than " + this.properties.maxFutureSkew().toSeconds() + " seconds in the future");
		}
		if (reportedAt.isBefore(now.minus(this.properties.retention()))) {
			return UpdateOutcome.IGNORED_EXPIRED;
		}
		StoredPosition position = new StoredPosition(userId, coordinates, reportedAt);
		if (!this.store.saveIfNewer(position, now)) {
			return UpdateOutcome.IGNORED_OLDER;
		}
		if (this.settings.find(userId).isOffline()) {
			this.index.remove(userId);
		}
		else if (this.index.put(userId, coordinates, reportedAt)) {
			this.events.publishEvent(new PositionMoved(position));
		}
		return UpdateOutcome.STORED;
	}

}
