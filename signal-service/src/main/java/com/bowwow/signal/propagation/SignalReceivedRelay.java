package com.bowwow.signal.propagation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Distance;
import com.bowwow.common.id.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.api.UserMessages.SignalReceived;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells each receiver's open WebSocket connections, wherever location-service holds them,
 * that the wave has reached them, in their own unit. Runs after commit and is best effort
 * (a receiver without a connection has the receipt and the push).
 */
class SignalReceivedRelay implements ArrivalObserver {

	private final StringRedisTemplate redis;

	private final KnownUsers users;

	private final JsonMapper json;

	private final Timer relay;

	private final Clock clock;

	public SignalReceivedRelay(StringRedisTemplate redis, KnownUsers users, JsonMapper json, MeterRegistry meters,
			Clock clock) {
		this.redis = redis;
		this.users = users;
		this.json = json;
		this.clock = clock;
		this.relay = Timer.builder("bowwow.signal.relay.publish")
			.description("Receipt commit to signal_received published to the WebSocket holders (Redis pub/sub)")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public void delivered(List<Receipt> receipts, Instant committedAt) {
		Map<UserId, UserSettings> settings = this.users.settingsOf(receipts.stream().map(Receipt::receiverId).toList());
		List<String> messages = receipts.stream().map((receipt) -> {
			Distance distance = Distance.ofMeters(receipt.distanceMeters())
				.to(settings.get(receipt.receiverId()).distanceUnit());
			return this.json.writeValueAsString(new SignalReceived(receipt.receiverId(), receipt.signalId(),
					receipt.senderId(), distance.rounded(), distance.unit(), receipt.direction(), receipt.kind()));
		}).toList();
		// One round trip for the whole batch.
		byte[] channel = UserMessages.CHANNEL.getBytes(StandardCharsets.UTF_8);
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			messages.forEach((message) -> connection.publish(channel, message.getBytes(StandardCharsets.UTF_8)));
			return null;
		});
		// the relay leg on this side; location-service's write to the socket follows
		this.relay.record(Duration.between(committedAt, this.clock.instant()));
	}

}
