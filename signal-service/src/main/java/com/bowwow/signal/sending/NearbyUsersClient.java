package com.bowwow.signal.sending;

import java.util.List;

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

	public List<Candidate> within(Coordinates origin, double radiusMeters, UserId exclude) {
		UsersWithin answer;
		try {
			answer = this.http.get()
				.uri((uri) -> uri.path(UsersWithin.PATH)
					.queryParam("latitude", origin.latitude())
					.queryParam("longitude", origin.longitude())
					.queryParam("radiusMeters", Math.min(radiusMeters, UsersWithin.MAX_RADIUS_METERS))
					.queryParam("limit", UsersWithin.MAX_LIMIT)
					.queryParam("excludeUserID", exclude)
					.build())
				.retrieve()
				.body(UsersWithin.class);
		}
		catch (RestClientException ex) {
			throw new ApiException(SignalProblem.SIGNAL_UNAVAILABLE,
					"Signals cannot be sent right now; please try again shortly", ex)
				.header("Retry-After", "5");
		}
		if (answer == null) {
			return List.of();
		}
		return answer.users()
			.stream()
			.map((user) -> new Candidate(user.userID(), Coordinates.of(user.latitude(), user.longitude())))
			.toList();
	}

}
