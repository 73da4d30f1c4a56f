package com.bowwow.signal.sending;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.signal.propagation.Wave.Candidate;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks location-service who stands within a wave's reach ({@link UsersWithin}); offline
 * users are already left out there.
 */
class NearbyUsersClient {

	private final RestClient http;

	public NearbyUsersClient(RestClient http) {
		this.http = http;
	}

	/** Everyone within the radius now. */
	public Audience within(Coordinates origin, double radiusMeters, UserId exclude) {
		return ask(origin, radiusMeters, UsersWithin.MAX_LIMIT, exclude, null, 0);
	}

	/**
	 * The {@code limit} nearest within the radius now, nearest first;
	 * {@link Audience#truncated} says whether there are more.
	 */
	public Audience nearest(Coordinates origin, double radiusMeters, int limit, UserId exclude) {
		return ask(origin, radiusMeters, limit, exclude, null, 0);
	}

	/**
	 * The {@code limit} nearest of those farther than {@code beyondMeters}: the next ring
	 * of an audience read nearest first (see {@link UsersWithin}).
	 */
	public Audience nearestBeyond(Coordinates origin, double radiusMeters, int limit, UserId exclude,
			double beyondMeters) {
		return ask(origin, radiusMeters, limit, exclude, null, beyondMeters);
	}

	/**
	 * Those within the radius whose position changed at or after {@code since} (an
	 * earlier answer's {@link Audience#asOf}); everyone within it when location-service
	 * no longer remembers that far back.
	 */
	public Audience movedWithin(Coordinates origin, double radiusMeters, Instant since, UserId exclude) {
		return ask(origin, radiusMeters, UsersWithin.MAX_LIMIT, exclude, since, 0);
	}

	private Audience ask(Coordinates origin, double radiusMeters, int limit, UserId exclude, Instant movedSince,
			double beyondMeters) {
		double radius = Math.min(radiusMeters, UsersWithin.MAX_RADIUS_METERS);
		UsersWithin answer;
		try {
			answer = this.http.get()
				.uri((uri) -> uri.path(UsersWithin.PATH)
					.queryParam("latitude", origin.latitude())
					.queryParam("longitude", origin.longitude())
					.queryParam("radiusMeters", radius)
					.queryParam("limit", limit)
					.queryParam("excludeUserID", exclude)
					.queryParamIfPresent("movedSinceEpochMilli",
							Optional.ofNullable(movedSince).map(Instant::toEpochMilli))
					.queryParamIfPresent("beyondMeters",
							(beyondMeters > 0 && beyondMeters < radius) ? Optional.of(beyondMeters) : Optional.empty())
					.build())
				.retrieve()
				.body(UsersWithin.class);
		}
		catch (RestClientException ex) {
			throw new ApiException(SignalProblem.SIGNAL_UNAVAILABLE,
					"Signals cannot be sent right now; please try again shortly", ex)
				.header("Retry-After", "5");
		}
		return audienceOf(answer);
	}

	/** What location-service's answer says, as the sender plans with it. */
	static Audience audienceOf(UsersWithin answer) {
		if (answer == null) {
			return new Audience(List.of(), null, false, 0);
		}
		return new Audience(
				answer.users()
					.stream()
					.map((user) -> new Candidate(user.userID(), Coordinates.of(user.latitude(), user.longitude())))
					.toList(),
				(answer.asOfEpochMilli() != null) ? Instant.ofEpochMilli(answer.asOfEpochMilli()) : null,
				answer.truncated(),
				answer.users().stream().mapToDouble(UsersWithin.UserPosition::distanceMeters).max().orElse(0));
	}

	/**
	 * @param candidates who location-service found
	 * @param asOf its index clock when it looked: ask for movers from here next; null
	 * from a location-service that does not tell (an older version during a rolling
	 * deployment), and then the next check reads the whole disc
	 * @param truncated whether more stand within the radius than were returned
	 * @param farthestMeters the distance of the farthest returned (0 when none was)
	 */
	public record Audience(List<Candidate> candidates, Instant asOf, boolean truncated, double farthestMeters) {

	}

}
