package com.bowwow.push;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.push.apns.LoggingPushSender;
import com.bowwow.push.apns.PushSender;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.ServiceBaselineTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as it starts without APNs credentials: log mode, everything else the same.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class PushServiceBaselineTests extends ServiceBaselineTests {

	@Autowired
	PushSender sender;

	@Autowired
	DeliveryStore deliveries;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper json;

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.push.user-service.url", UserServiceStandIn::url);
	}

	@Override
	protected String schema() {
		return "push_service";
	}

	@Test
	void withoutCredentialsPushesAreLoggedAndRecordedAsSent() {
		assertThat(this.sender).isInstanceOf(LoggingPushSender.class);
		UserId receiver = UserServiceStandIn.user(MockApns.newDeviceToken());
		Instant now = Instant.now();
		UUID signal = UUID.randomUUID();
		SignalEvents.ArrivalsDelivered event = new SignalEvents.ArrivalsDelivered(UUID.randomUUID(),
				List.of(new SignalEvents.Delivery(signal, receiver, UserId.random(), SignalKind.SIGNAL, 700,
						CompassDirection.S, now, now, now.plusSeconds(600))));
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(StreamFields.EVENT_ID, event.eventId().toString());
		fields.put(StreamFields.TYPE, "ArrivalsDelivered");
		fields.put(StreamFields.PAYLOAD, this.json.writeValueAsString(event));
		this.redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(SignalEvents.STREAM));

		Delivery delivery = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.deliveries.search(receiver, signal, null, 1).stream().findFirst().orElse(null),
					(d) -> d != null && d.status() != DeliveryStatus.PENDING);
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(delivery.unit()).isEqualTo("mile");
	}

}
