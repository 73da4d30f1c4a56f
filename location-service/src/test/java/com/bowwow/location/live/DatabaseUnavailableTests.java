package com.bowwow.location.live;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationIntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.object;
import static com.bowwow.location.HttpTestSupport.postUpdate;
import static com.bowwow.location.HttpTestSupport.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unavailable in the middle of requests (for real: every pooled connection is
 * taken, so the pool times out): 503 problems with Retry-After, never 500, on the user
 * endpoints and the internal ones; and everything works again once it is back.
 */
class DatabaseUnavailableTests extends LocationIntegrationTest {

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void requestsGet503WithRetryAfterWhileTheDatabaseCannotBeReached() throws Exception {
		UserId user = UserId.random();
		report(user, 40.7, -74.0);
		List<String> paths = List.of("/api/v1/locations/nearby/" + user, "/internal/locations/positions?userID=" + user,
				"/internal/locations/within?latitude=40.7&longitude=-74&radiusMeters=1000", "/internal/export/" + user);
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < this.dataSource.getMaximumPoolSize(); i++) {
				held.add(this.dataSource.getConnection());
			}
			for (String path : paths) {
				assertUnavailable(get(this.port, path.startsWith("/internal") ? null : user, path));
			}
			assertUnavailable(
					postUpdate(this.port, user, updateBody(user, 40.7, -74.0, Rfc3339.format(this.clock.instant()))));
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		for (String path : paths) {
			HttpResponse<String> response = get(this.port, path.startsWith("/internal") ? null : user, path);
			assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		}
	}

	private static void assertUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(object(response)).containsEntry("code", "SERVICE_UNAVAILABLE").containsEntry("status", 503);
		assertThat(response.body()).doesNotContain("Exception", "Hikari");
	}

}
