package com.bowwow.signal.responding;

import java.util.Map;
import java.util.stream.Collectors;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.location.api.UserPositions;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Current positions of a responder and the sender they answer, from location-service. */
public class PositionsClient {

	private final RestClient http;

	public PositionsClient(RestClient http) {
		this.http = http;
	}

	/**
	 * Whatever positions are known; empty (never an error) when location-service cannot
	 * say.
	 */
	public Map<UserId, Coordinates> positionsOf(UserId first, UserId second) {
		try {
			UserPositions answer = this.http.get()
				.uri((uri) -> uri.path(UserPositions.PATH).queryParam("userID", first, second).build())
				.retrieve()
				.body(UserPositions.class);
			if (answer == null) {
				return Map.of();
			}
			return answer.users()
				.stream()
				.collect(Collectors.toMap(UserPositions.Position::userID,
						(p) -> Coordinates.of(p.latitude(), p.longitude()), (a, b) -> a));
		}
		catch (RestClientException ex) {
			return Map.of();
		}
	}

}
