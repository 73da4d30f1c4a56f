package com.bowwow.user.account;

import java.time.Duration;
import java.util.Map;

import com.bowwow.common.events.StreamFields;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import com.bowwow.user.api.UserEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Offline mode must take effect everywhere at once, so a settings change is relayed right
 * after its commit, not at the next poll: here the poll is an hour away, and the event
 * still arrives.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.events.outbox.poll-interval=1h" })
@Import(BowWowTestInfrastructure.class)
class OutboxWakeUpTests extends HttpTestSupport {

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aCommittedSettingsChangeIsRelayedWithoutWaitingForThePoll() throws Exception {
		Map<String, Object> user = newUser();
		send("PUT", "/api/v1/users/" + user.get("userID") + "/settings", bearer(user), "{\"isOffline\":true}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.redis.opsForStream()
				.range(UserEvents.STREAM, Range.unbounded())
				.stream()
				.anyMatch((entry) -> "UserSettingsChanged".equals(entry.getValue().get(StreamFields.TYPE))
						&& String.valueOf(entry.getValue().get(StreamFields.PAYLOAD))
							.contains((String) user.get("userID"))));
	}

}
