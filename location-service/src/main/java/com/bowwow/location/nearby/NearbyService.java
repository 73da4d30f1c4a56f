package com.bowwow.location.nearby;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import com.bowwow.location.settings.UserSettings;
import com.bowwow.location.settings.UserSettingsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/** Finds the live users nearest to a user or a point. */
@Service
public class NearbyService {

	/** Safety bound on re-queries when the projection hides index members. */
	private static final int MAX_ROUNDS = 4;

	private final SpatialIndex index;

	private final PositionStore positions;

	private final UserSettingsStore settings;

	private final LocationProperties properties;

	private final Clock clock;

	private final Timer latency;

	NearbyService(SpatialIndex index, PositionStore positions, UserSettingsStore settings,
			LocationProperties properties, Clock clock, MeterRegistry meters) {
		this.latency = Timer.builder("bowwow.location.nearby.latency")
			.description("Time to answer a user's nearby query (index, projection and distances)")
			.publishPercentileHistogram()
			.register(meters);
		this.index = index;
		this.positions = positions;
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The users nearest to the caller's own newest position. Empty when the caller has no
	 * live position (nothing to measure from).
	 * @param requested the radius in the caller's unit (null = the unit maximum); clamped
	 * to the unit maximum
	 */
	public List<NearbyUser> nearby(UserId caller, Double requested, int limit) {
		return this.latency.record(() -> find(caller, requested, limit));
	}

	private List<NearbyUser> find(UserId caller, Double requested, int limit) {
		UserSettings callerSettings = this.settings.find(caller);
		DistanceUnit unit = callerSettings.distanceUnit();
		Distance radius = (requested != null) ? Distance.of(requested, unit).clampedToUnitMaximum() : unit.maximum();
		Instant notBefore = this.clock.instant().minus(this.properties.retention());
		Optional<StoredPosition> from = this.positions.find(caller, notBefore);
		if (from.isEmpty()) {
			return List.of();
		}
		Coordinates center = from.get().coordinates();
		return nearest(center, radius.meters(), limit, notBefore, caller).stream()
			.map((found) -> new NearbyUser(found.position().userId(),
					Distance.ofMeters(found.distanceMeters()).to(unit).rounded(), unit,
					center.directionTo(found.position().coordinates()), found.position().reportedAt()))
			.toList();
	}

	/**
	 * Live, visible users within {@code radiusMeters} of a point, nearest first, at most
	 * {@code limit}. Distances are great-circle from {@code center}.
	 */
	public List<Found> nearest(Coordinates center, double radiusMeters, int limit, Instant notBefore, UserId exclude) {
		int wanted = limit;
		List<Found> visible = new ArrayList<>();
		for (int round = 0; round < MAX_ROUNDS; round++) {
			List<IndexedPosition> candidates = this.index.nearest(center,
					Math.min(this.properties.nearbyStartRadiusMeters(), radiusMeters), radiusMeters, wanted, notBefore,
					exclude);
			Set<UserId> hidden = this.settings
				.invisibleAmong(candidates.stream().map(IndexedPosition::userId).toList());
			visible.clear();
			for (IndexedPosition candidate : candidates) {
				double meters = GreatCircle.distanceMeters(center, candidate.coordinates());
				if (meters <= radiusMeters && !hidden.contains(candidate.userId())) {
					visible.add(new Found(candidate, meters));
				}
			}
			// Redis answered with everything it has inside the radius, or enough
			// survived.
			if (visible.size() >= limit || candidates.size() < wanted || hidden.isEmpty()) {
				break;
			}
			wanted += hidden.size();
		}
		visible.sort(Comparator.comparingDouble(Found::distanceMeters));
		return (visible.size() > limit) ? List.copyOf(visible.subList(0, limit)) : List.copyOf(visible);
	}

	/** An index entry with its great-circle distance from the query point. */
	public record Found(IndexedPosition position, double distanceMeters) {

	}

}
