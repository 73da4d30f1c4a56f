package com.bowwow.signal.sending;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import com.bowwow.signal.responding.PositionsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both clients of location-service's internal API send signal-service's service token:
 * the stand-in verifies it the way location-service does and refuses calls without one.
 */
class LocationServiceAuthTests extends SignalIntegrationTest {

	@Autowired
	NearbyUsersClient nearby;

	@Autowired
	PositionsClient positions;

	@Test
	void withinAndPositionsCarryAVerifiedSignalServiceToken() {
		UserId neighbour = UserId.random();
		LocationServiceStandIn.place(neighbour, 0.5, 90);
		int before = LocationServiceStandIn.callers().size();

		assertThat(this.nearby.within(LocationServiceStandIn.ORIGIN, 1_000, UserId.random()).candidates())
			.extracting((candidate) -> candidate.userId())
			.containsExactly(neighbour);
		assertThat(this.positions.positionsOf(neighbour, UserId.random())).containsKey(neighbour);

		// at least these two calls; a wave left travelling by an earlier test may look
		// for
		// late joiners meanwhile, and every call must carry signal-service's token
		assertThat(LocationServiceStandIn.callers().subList(before, LocationServiceStandIn.callers().size()))
			.hasSizeGreaterThanOrEqualTo(2)
			.containsOnly("signal-service");
	}

	@Test
	void theStandInRefusesCallsWithoutAToken() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI
					.create(LocationServiceStandIn.url() + "/internal/locations/positions?userID=" + UserId.random()))
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}

}
