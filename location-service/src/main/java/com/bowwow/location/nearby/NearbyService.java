package com.bowwow.location.nearby;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.LocationProblem;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import com.bowwow.location.safety.SafetyUnavailable;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.location.settings.UserSettingsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Finds the live users nearest to a user or a point.
 *
 * <p>
 * What users see of each other follows the location privacy rule: every distance,
 * direction, radius membership and order is computed from the other user's position
 * snapped to its {@link PrivacyGrid} cell centre, measured from the caller's own true
 * position. The index holds true positions (signal waves travel to them), so a search
 * asks it for a circle wider by {@link #SNAP_MARGIN_METERS} and filters by the snapped
 * distance.
 */
@Service
public class NearbyService {

	/**
	 * Farther than any point lies from its cell centre (half a cell diagonal is about 450
	 * m for every band but the two polar caps).
	 */
	public static final double SNAP_MARGIN_METERS = 2 * PrivacyGrid.CELL_METERS;

	/** Safety bound on re-queries when filtering hides index members. */
	private static final int MAX_ROUNDS = 4;

	private final SpatialIndex index;

	private final PositionStore positions;

	private final UserSettingsStore settings;

	private final SafetyReads safety;

	private final LocationProperties properties;

	private final Clock clock;

	private final Timer latency;

	NearbyService(SpatialIndex index, PositionStore positions, UserSettingsStore settings, SafetyReads safety,
			LocationProperties properties, Clock clock, MeterRegistry meters) {
		this.latency = Timer.builder("bowwow.location.nearby.latency")
			.description("Time to answer a user's nearby query (index, projection and distances)")
			.publishPercentileHistogram()
			.register(meters);
		this.index = index;
		this.positions = positions;
		this.settings = settings;
		this.safety = safety;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The users nearest to the caller's own newest position, as the privacy rule lets the
	 * caller see them. Empty when the caller has no live position (nothing to measure
	 * from).
	 * @param requested the radius in the caller's unit (null = the unit maximum); clamped
	 * to the unit maximum
	 * @throws ApiException 409 {@code USER_OFFLINE} when the caller is in offline mode;
	 * 403 {@code ACCOUNT_SUSPENDED} when suspended; 503 when the safety read model cannot
	 * be read (fail closed)
	 */
	public List<NearbyUser> nearby(UserId caller, Double requested, int limit) {
		return this.latency.record(() -> find(caller, requested, limit));
	}

	private List<NearbyUser> find(UserId caller, Double requested, int limit) {
		UserSettings callerSettings = this.settings.find(caller);
		if (callerSettings.isOffline()) {
			throw new ApiException(LocationProblem.USER_OFFLINE, "You are in offline mode: nobody is shown to you");
		}
		DistanceUnit unit = callerSettings.distanceUnit();
		Distance radius = (requested != null) ? Distance.of(requested, unit).clampedToUnitMaximum() : unit.maximum();
		Instant notBefore = this.clock.instant().minus(this.properties.retention());
		Optional<StoredPosition> from = this.positions.find(caller, notBefore);
		if (from.isEmpty()) {
			return List.of();
		}
		Coordinates center = from.get().coordinates();
		List<Found> found = search(center, radius.meters(), limit, notBefore, caller, PrivacyGrid::snap,
				SNAP_MARGIN_METERS, (ids) -> hiddenFrom(caller, ids));
		return found.stream()
			.map((f) -> new NearbyUser(f.position().userId(), Distance.ofMeters(f.distanceMeters()).to(unit).rounded(),
					unit, center.directionTo(PrivacyGrid.snap(f.position().coordinates())), f.position().reportedAt()))
			.toList();
	}

	/**
	 * The candidates the caller must not see; asks about the caller in the same round
	 * trip: a suspended caller sees no one.
	 */
	private Set<UserId> hiddenFrom(UserId caller, Collection<UserId> candidates) {
		List<UserId> asked = new ArrayList<>(candidates);
		asked.add(caller);
		Set<UserId> hidden = this.safety.hiddenFrom(caller, asked);
		if (hidden.contains(caller)) {
			throw new ApiException(LocationProblem.ACCOUNT_SUSPENDED, "This account is suspended");
		}
		return hidden;
	}

	/**
	 * Live, visible, unsuspended and undeleted users within {@code radiusMeters} of a
	 * point by their TRUE positions, nearest first, at most {@code limit}. For internal
	 * use (signal waves travel to true positions); never shown to users.
	 */
	/**
	 * The same search over another index (a scratch one, to warm the code before the
	 * service reports ready); its latency timer is its own, so made-up queries stay off
	 * the dashboard.
	 */
	public NearbyService over(SpatialIndex other) {
		return new NearbyService(other, this.positions, this.settings, this.safety, this.properties, this.clock,
				new SimpleMeterRegistry());
	}

	public List<Found> nearest(Coordinates center, double radiusMeters, int limit, Instant notBefore, UserId exclude) {
		return nearest(center, radiusMeters, limit, notBefore, exclude, 0);
	}

	/**
	 * {@link #nearest(Coordinates, double, int, Instant, UserId)} of those farther than
	 * {@code beyondMeters} (see {@link SpatialIndex#nearest}): a large audience read ring
	 * by ring, each ring read once.
	 */
	public List<Found> nearest(Coordinates center, double radiusMeters, int limit, Instant notBefore, UserId exclude,
			double beyondMeters) {
		return search(center, radiusMeters, limit, notBefore, exclude, UnaryOperator.identity(), 0,
				this.safety::hiddenFromEveryone, beyondMeters);
	}

	/**
	 * {@link #nearest}, but only those whose position changed at or after {@code since}
	 * (Redis time, see {@link SpatialIndex#moversNear}), all of them, nearest first.
	 * Someone who moves is in the index's movers sets; someone who turns visible again
	 * re-enters the index and counts as moved.
	 */
	public Movers movedNear(Coordinates center, double radiusMeters, Instant since, Instant notBefore, UserId exclude) {
		SpatialIndex.Movers movers = this.index.moversNear(center, radiusMeters, since, notBefore, exclude);
		List<UserId> ids = movers.moved().stream().map(IndexedPosition::userId).toList();
		if (ids.isEmpty()) {
			return new Movers(movers.asOf(), List.of());
		}
		Set<UserId> hidden = hiddenAmong(ids, this.safety::hiddenFromEveryone);
		List<Found> found = movers.moved()
			.stream()
			.filter((moved) -> !hidden.contains(moved.userId()))
			.map((moved) -> new Found(moved, GreatCircle.distanceMeters(center, moved.coordinates())))
			.toList();
		return new Movers(movers.asOf(), found);
	}

	/** Redis's clock: a full search read after it misses no mover since it. */
	public Instant indexTime() {
		return this.index.serverTime();
	}

	/**
	 * @param shownAt where a candidate counts as standing (its true or snapped position)
	 * @param slack how much farther than its true distance a candidate may be shown
	 * @param safetyHidden candidates the safety read model hides
	 */
	private List<Found> search(Coordinates center, double radiusMeters, int limit, Instant notBefore, UserId exclude,
			UnaryOperator<Coordinates> shownAt, double slack, Function<Collection<UserId>, Set<UserId>> safetyHidden) {
		return search(center, radiusMeters, limit, notBefore, exclude, shownAt, slack, safetyHidden, 0);
	}

	private List<Found> search(Coordinates center, double radiusMeters, int limit, Instant notBefore, UserId exclude,
			UnaryOperator<Coordinates> shownAt, double slack, Function<Collection<UserId>, Set<UserId>> safetyHidden,
			double beyondMeters) {
		double queryRadius = radiusMeters + slack;
		int wanted = limit;
		List<Found> visible = new ArrayList<>();
		for (int round = 0; round < MAX_ROUNDS; round++) {
			List<IndexedPosition> candidates = this.index.nearest(center,
					Math.min(this.properties.nearbyStartRadiusMeters(), queryRadius), queryRadius, wanted, notBefore,
					exclude, beyondMeters);
			List<UserId> ids = candidates.stream().map(IndexedPosition::userId).toList();
			Set<UserId> hidden = hiddenAmong(ids, safetyHidden);
			visible.clear();
			double farthestTrue = 0;
			for (IndexedPosition candidate : candidates) {
				farthestTrue = Math.max(farthestTrue, GreatCircle.distanceMeters(center, candidate.coordinates()));
				double meters = GreatCircle.distanceMeters(center, shownAt.apply(candidate.coordinates()));
				if (meters <= radiusMeters && !hidden.contains(candidate.userId())) {
					visible.add(new Found(candidate, meters));
				}
			}
			visible.sort(Comparator.comparingDouble(Found::distanceMeters));
			if (candidates.size() < wanted) {
				// Redis answered with everything it has inside the query circle.
				break;
			}
			// Anyone Redis did not return is truly farther than the farthest it did, so
			// shown at least that minus the slack: the results up to there are final.
			double certain = farthestTrue - slack;
			List<Found> sure = visible.stream().filter((f) -> f.distanceMeters() <= certain).toList();
			if (sure.size() >= limit) {
				visible = new ArrayList<>(sure);
				break;
			}
			wanted = Math.max(wanted * 2, wanted + hidden.size());
		}
		return (visible.size() > limit) ? List.copyOf(visible.subList(0, limit)) : List.copyOf(visible);
	}

	/** Those offline or invisible by their settings, and those the safety model hides. */
	private Set<UserId> hiddenAmong(List<UserId> ids, Function<Collection<UserId>, Set<UserId>> safetyHidden) {
		Set<UserId> hidden = new HashSet<>(this.settings.invisibleAmong(ids));
		hidden.addAll(safeRead(() -> safetyHidden.apply(ids)));
		return hidden;
	}

	private static <T> T safeRead(java.util.function.Supplier<T> read) {
		try {
			return read.get();
		}
		catch (DataAccessException ex) {
			throw SafetyUnavailable.problem(ex);
		}
	}

	/**
	 * An index entry with its distance from the query point (to its true position for
	 * {@link #nearest}).
	 */
	public record Found(IndexedPosition position, double distanceMeters) {

	}

	/**
	 * What {@link #movedNear} found.
	 *
	 * @param asOf the index's clock when it looked
	 * @param found the movers, nearest first
	 */
	public record Movers(Instant asOf, List<Found> found) {

	}

}
