package com.bowwow.location.position;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationIntegrationTest;
import org.junit.jupiter.api.Test;

import static com.bowwow.location.HttpTestSupport.object;
import static com.bowwow.location.HttpTestSupport.postUpdate;
import static com.bowwow.location.HttpTestSupport.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

class LocationUpdateHttpTests extends LocationIntegrationTest {

	@Test
	void storesTheCallersPosition() throws Exception {
		UserId user = UserId.random();
		Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		HttpResponse<String> response = postUpdate(this.port, user, updateBody(user, 40.7, -74.0, Rfc3339.format(at)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(object(response)).containsEntry("userID", user.toString()).containsEntry("status", "stored");
		assertThat(this.index.find(user, Instant.EPOCH).reportedAt()).isEqualTo(at);
		// A late, older report is accepted and ignored; fractional seconds and offsets
		// are
		// read.
		HttpResponse<String> older = postUpdate(this.port, user,
				updateBody(user, 1, 1, Rfc3339.format(at.minusSeconds(60)).replace("Z", ".123+00:00")));
		assertThat(older.statusCode()).as(older.body()).isEqualTo(200);
		assertThat(object(older)).containsEntry("status", "ignored_older");
	}

	@Test
	void refusesMissingTokensAndOtherUsers() throws Exception {
		UserId user = UserId.random();
		String body = updateBody(user, 1, 1, Rfc3339.format(Instant.now()));
		assertThat(postUpdate(this.port, null, body).statusCode()).isEqualTo(401);
		HttpResponse<String> forbidden = postUpdate(this.port, UserId.random(), body);
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(object(forbidden)).containsEntry("code", "FORBIDDEN");
		assertThat(this.jdbc.sql("select count(*) from positions").query(Long.class).single()).isZero();
	}

	@Test
	void refusesBadInputWithProblems() throws Exception {
		UserId user = UserId.random();
		HttpResponse<String> future = postUpdate(this.port, user,
				updateBody(user, 1, 1, Rfc3339.format(Instant.now().plusSeconds(120))));
		assertThat(future.statusCode()).isEqualTo(400);
		assertThat(future.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(fields(future)).containsExactly("location.timestamp");

		HttpResponse<String> latitude = postUpdate(this.port, user,
				updateBody(user, 91, 1, Rfc3339.format(Instant.now())));
		assertThat(latitude.statusCode()).isEqualTo(400);
		assertThat(fields(latitude)).containsExactly("location.latitude");

		HttpResponse<String> missing = postUpdate(this.port, user, "{\"userID\":\"" + user + "\"}");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(fields(missing)).containsExactly("location");

		HttpResponse<String> badTime = postUpdate(this.port, user, updateBody(user, 1, 1, "yesterday"));
		assertThat(badTime.statusCode()).isEqualTo(400);
		assertThat(this.jdbc.sql("select count(*) from positions").query(Long.class).single()).isZero();
	}

	@SuppressWarnings("unchecked")
	private static List<String> fields(HttpResponse<String> response) {
		return ((List<Map<String, Object>>) object(response).get("errors")).stream()
			.map((error) -> (String) error.get("field"))
			.toList();
	}

}
