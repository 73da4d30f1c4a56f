package com.bowwow.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.events.EventStream;
import com.bowwow.location.api.LocationEvents;
import com.bowwow.push.api.PushEvents;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.testsupport.TestInfrastructure;
import com.bowwow.user.api.UserEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's diagram of event streams is drawn from the descriptors; here the running
 * stack shows that each stream is read by exactly the consumer groups its descriptor
 * names (a service cannot subscribe with another, and one that stopped reading would be
 * missing).
 */
@ExtendWith(StackExtension.class)
class EventStreamsIT {

	static final List<EventStream<?>> STREAMS = List.of(UserEvents.DESCRIPTOR, LocationEvents.DESCRIPTOR,
			SignalEvents.DESCRIPTOR, PushEvents.DESCRIPTOR);

	@Test
	void eachStreamIsReadByExactlyTheGroupsItsDescriptorNames() {
		RedisClient client = RedisClient.create(TestInfrastructure.get().redisUrl());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			for (EventStream<?> stream : STREAMS) {
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(groups(redis, stream.key())).as(stream.key())
						.containsExactlyInAnyOrderElementsOf(stream.consumers()));
			}
		}
		finally {
			client.shutdown();
		}
	}

	/** The names in XINFO GROUPS: each group is a flat list of field, value, … */
	private static List<String> groups(RedisCommands<String, String> redis, String key) {
		List<String> names = new ArrayList<>();
		if (redis.exists(key) == 0) {
			return names;
		}
		for (Object group : redis.xinfoGroups(key)) {
			List<?> fields = (List<?>) group;
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				if ("name".equals(String.valueOf(fields.get(i)))) {
					names.add(String.valueOf(fields.get(i + 1)));
				}
			}
		}
		return names;
	}

}
