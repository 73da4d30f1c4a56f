package com.bowwow.signal.propagation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Distance;
import com.bowwow.common.id.UserId;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.api.UserMessages.SignalReceived;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.signal.users.UserSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells each receiver's open WebSocket connections, wherever location-service holds them,
 * that the wave has reached them, in their own unit. Runs after commit and is best effort
 * (a receiver without a connection has the receipt and the push).
 */
public class SignalReceivedRelay implements ArrivalObserver {

	private final StringRedisTemplate redis;

	private final KnownUsers users;

	private final JsonMapper json;

	public SignalReceivedRelay(StringRedisTemplate redis, KnownUsers users, JsonMapper json) {
		this.redis = redis;
		this.users = users;
		this.json = json;
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
	}

}
