package com.bowwow.location.live;

import java.net.http.HttpResponse;
import java.time.Instant;

import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static com.bowwow.location.HttpTestSupport.object;
import static com.bowwow.location.HttpTestSupport.postUpdate;
import static com.bowwow.location.HttpTestSupport.updateBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A location update writes PostgreSQL, then Redis. When the Redis write fails in between
 * (here for real: the GEO key holds a string, so every GEO command fails with WRONGTYPE),
 * the client gets a 503 with Retry-After, and the index converges: the retry (answered
 * {@code ignored_older}) re-asserts the stored position, and the repair job does it for
 * clients that never retry.
 */
class IndexRepairTests extends LocationIntegrationTest {

	private static final String GEO_KEY = "{bowwow:location}:geo";

	@Autowired
	private IndexRepairJob repair;

	@Test
	void aRetryAfterAFailedIndexWriteRepairsTheIndex() throws Exception {
		UserId user = UserId.random();
		String body = updateBody(user, 40.7, -74.0, Rfc3339.format(this.clock.instant()));
		this.redis.opsForValue().set(GEO_KEY, "corrupt");
		HttpResponse<String> failed = postUpdate(this.port, user, body);
		assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(object(failed)).containsEntry("code", "SERVICE_UNAVAILABLE");
		assertThat(failed.body()).doesNotContain("WRONGTYPE", "Exception");
		// Stored in PostgreSQL and marked for repair.
		assertThat(this.jdbc.sql("select index_dirty from positions where user_id = ?")
			.param(user.value())
			.query(Boolean.class)
			.single()).isTrue();

		this.redis.delete(GEO_KEY);
		assertThat(this.index.find(user, Instant.EPOCH)).isNull();
		HttpResponse<String> retried = postUpdate(this.port, user, body);
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(object(retried)).containsEntry("status", "ignored_older");
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(40.7, within(1e-5));
	}

	@Test
	void theRepairJobFixesWhatNoRetryFixed() throws Exception {
		UserId user = UserId.random();
		UserId neighbour = UserId.random();
		report(neighbour, 40.7001, -74.0);
		this.redis.opsForValue().set(GEO_KEY, "corrupt");
		assertThat(postUpdate(this.port, user, updateBody(user, 40.7, -74.0, Rfc3339.format(this.clock.instant())))
			.statusCode()).isEqualTo(503);
		// Redis still failing: the marker stays.
		assertThatThrownBy(this.repair::repair).isInstanceOf(DataAccessException.class);
		assertThat(this.jdbc.sql("select count(*) from positions where index_dirty").query(Long.class).single())
			.isEqualTo(1);
		this.redis.delete(GEO_KEY);
		// The flush lost the neighbour too; the rebuild is not what this tests.
		assertThat(this.repair.repair()).isEqualTo(1);
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(40.7, within(1e-5));
		assertThat(this.jdbc.sql("select count(*) from positions where index_dirty").query(Long.class).single())
			.isZero();
		assertThat(this.repair.repair()).isZero();
	}

	@Test
	void aSubscribeWhileRedisFailsIsAnErrorMessageAndTheSocketStays() throws Exception {
		UserId user = UserId.random();
		this.redis.opsForValue().set(GEO_KEY, "corrupt");
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(user))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":40.7,\"longitude\":-74.0,\"radius\":1}");
			assertThat(client.next()).containsEntry("type", "error").containsEntry("code", "SERVICE_UNAVAILABLE");
			this.redis.delete(GEO_KEY);
			client.send("{\"type\":\"subscribe\",\"latitude\":40.7,\"longitude\":-74.0,\"radius\":1}");
			assertThat(client.next()).containsEntry("type", "subscription_confirmed");
		}
		assertThat(this.index.find(user, Instant.EPOCH)).isNotNull();
	}

}
