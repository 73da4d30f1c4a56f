package com.bowwow.location.position;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.IndexPut;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.settings.UserSettingsStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
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

	private final ActivityAnnouncements activity;

	private final LocationProperties properties;

	private final Clock clock;

	private final Map<UpdateOutcome, Counter> outcomes = new EnumMap<>(UpdateOutcome.class);

	PositionService(PositionStore store, SpatialIndex index, UserSettingsStore settings,
			ApplicationEventPublisher events, ActivityAnnouncements activity, LocationProperties properties,
			Clock clock, MeterRegistry meters) {
		for (UpdateOutcome outcome : UpdateOutcome.values()) {
			this.outcomes.put(outcome,
					Counter.builder("bowwow.location.updates")
						.description("Location updates accepted, by what became of them")
						.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
						.register(meters));
		}
		this.store = store;
		this.index = index;
		this.settings = settings;
		this.events = events;
		this.activity = activity;
		this.properties = properties;
		this.clock = clock;
	}

	public UpdateOutcome update(UserId userId, Coordinates coordinates, Instant reportedAt) {
		UpdateOutcome outcome = record(userId, coordinates, reportedAt);
		this.outcomes.get(outcome).increment();
		return outcome;
	}

	private UpdateOutcome record(UserId userId, Coordinates coordinates, Instant reportedAt) {
		Instant now = this.clock.instant();
		if (reportedAt.isAfter(now.plus(this.properties.maxFutureSkew()))) {
			throw ApiException.invalid("location.timestamp",
					"must not be more than " + this.properties.maxFutureSkew().toSeconds() + " seconds in the future");
		}
		if (reportedAt.isBefore(now.minus(this.properties.retention()))) {
			return UpdateOutcome.IGNORED_EXPIRED;
		}
		StoredPosition position = new StoredPosition(userId, coordinates, reportedAt);
		Optional<PositionStore.Saved> saved = this.store.saveIfNewer(position, now);
		if (saved.isEmpty()) {
			// Often a client retrying after a failure between the database write and the
			// index write: re-assert the stored newest position (the index keeps the
			// newest
			// anyway), so that the retry repairs what the failure left stale.
			this.store.find(userId, now.minus(this.properties.retention())).ifPresent(this::syncIndex);
			return UpdateOutcome.IGNORED_OLDER;
		}
		syncIndex(position);
		this.activity.announceIfDue(userId, reportedAt, now, saved.get().activityPublishedAt());
		return UpdateOutcome.STORED;
	}

	/**
	 * Brings the index in line with the user's newest stored position. When Redis fails
	 * the row is marked for {@code IndexRepairJob} and the failure propagates (503: the
	 * client retries, and its retry re-asserts the position too).
	 */
	public void syncIndex(StoredPosition position) {
		UserId userId = position.userId();
		try {
			if (this.settings.find(userId).isOffline()) {
				this.index.remove(userId);
			}
			else {
				IndexPut put = this.index.putReplacing(userId, position.coordinates(), position.reportedAt());
				if (put.changed()) {
					this.events.publishEvent(new PositionMoved(position, put.replaced()));
				}
			}
		}
		catch (DataAccessException ex) {
			try {
				this.store.markIndexDirty(userId);
			}
			catch (DataAccessException markFailed) {
				ex.addSuppressed(markFailed);
			}
			throw ex;
		}
	}

}
