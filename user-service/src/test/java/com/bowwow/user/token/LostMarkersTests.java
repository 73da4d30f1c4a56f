package com.bowwow.user.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis flush as the running service meets it, with the shipped polling: from the flush
 * until user-service has rebuilt the markers, a deleted user's token is refused (503,
 * then 401) and never accepted; a live user's token is 503 with {@code Retry-After}, then
 * accepted again, without anyone restarting anything.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class LostMarkersTests extends HttpTestSupport {

	@Autowired
	private StringRedisTemplate redis;

	@Test
	void afterAFlushDeletedUsersStayOutAndLiveUsersAreBackWithinSeconds() throws Exception {
		Map<String, Object> deleted = newUser();
		Map<String, Object> live = newUser();
		String deletedPath = "/api/v1/users/" + deleted.get("userID");
		String livePath = "/api/v1/users/" + live.get("userID");
		assertThat(send("DELETE", deletedPath, bearer(deleted), null).statusCode()).isEqualTo(204);
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		long flushed = System.nanoTime();
		List<Integer> deletedAnswers = new ArrayList<>();
		List<Integer> liveAnswers = new ArrayList<>();
		Duration back = null;
		while (System.nanoTime() - flushed < Duration.ofSeconds(15).toNanos()) {
			HttpResponse<String> refused = send("GET", deletedPath, bearer(deleted), null);
			HttpResponse<String> served = send("GET", livePath, bearer(live), null);
			deletedAnswers.add(refused.statusCode());
			liveAnswers.add(served.statusCode());
			if (served.statusCode() == 503) {
				assertThat(served.headers().firstValue("Retry-After")).isPresent();
			}
			if (refused.statusCode() == 401 && served.statusCode() == 200) {
				back = Duration.ofNanos(System.nanoTime() - flushed);
				break;
			}
			Thread.sleep(50);
		}
		assertThat(deletedAnswers).as("the deleted user's token, from the flush on").containsOnly(503, 401);
		assertThat(liveAnswers).as("a live user's token, from the flush on").containsOnly(503, 200);
		assertThat(back).as("both markers rebuilt by the one-second poll").isNotNull();
		// the rebuild holds: nothing flips back
		for (int i = 0; i < 5; i++) {
			assertThat(send("GET", deletedPath, bearer(deleted), null).statusCode()).isEqualTo(401);
			assertThat(send("GET", livePath, bearer(live), null).statusCode()).isEqualTo(200);
		}
	}

}
