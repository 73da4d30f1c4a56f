package com.bowwow.location.within;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.internal;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PositionsHttpTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Test
	@SuppressWarnings("unchecked")
	void returnsTheLivePositionsOfVisibleNamedUsers() throws Exception {
		UserId first = UserId.random();
		UserId second = UserId.random();
		UserId offline = UserId.random();
		UserId stale = UserId.random();
		UserId unknown = UserId.random();
		report(stale, 5, 5, this.clock.instant().minus(Duration.ofHours(23)).minusSeconds(3590));
		report(first, 10.5, 20.25);
		report(second, -33.9, 151.2);
		report(offline, 1, 1);
		this.userEvents.settingsChanged("e1", offline, DistanceUnit.MILE, true, this.clock.instant());
		this.clock.advance(Duration.ofSeconds(20));

		HttpResponse<String> response = internal(this.port, "/internal/locations/positions?userID=" + first + "&userID="
				+ second + "&userID=" + offline + "&userID=" + stale + "&userID=" + unknown);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Map<String, Object>> users = ((List<Map<String, Object>>) object(response).get("users")).stream()
			.collect(Collectors.toMap((u) -> (String) u.get("userID"), (u) -> u));
		assertThat(users.keySet()).containsExactlyInAnyOrder(first.toString(), second.toString());
		assertThat(((Number) users.get(first.toString()).get("latitude")).doubleValue()).isCloseTo(10.5, within(1e-9));
		assertThat(((Number) users.get(second.toString()).get("longitude")).doubleValue()).isCloseTo(151.2,
				within(1e-9));
		assertThat(users.get(first.toString())).containsKey("reportedAt");
	}

	@Test
	void refusesMissingMalformedOrTooManyIds() throws Exception {
		assertThat(internal(this.port, "/internal/locations/positions").statusCode()).isEqualTo(400);
		assertThat(internal(this.port, "/internal/locations/positions?userID=nope").statusCode()).isEqualTo(400);
		String tooMany = IntStream.range(0, 101)
			.mapToObj((i) -> "userID=" + UserId.random())
			.collect(Collectors.joining("&"));
		assertThat(internal(this.port, "/internal/locations/positions?" + tooMany).statusCode()).isEqualTo(400);
	}

}
