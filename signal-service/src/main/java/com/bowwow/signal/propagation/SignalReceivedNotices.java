package com.bowwow.signal.propagation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Distance;
import com.bowwow.common.id.UserId;
import com.bowwow.common.redis.LuaScripts;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.api.UserMessages.SignalReceived;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@code signal_received} for each receiver's open WebSocket connections, wherever
 * location-service holds them (Redis pub/sub), in the receiver's unit, at the arrival's
 * moment. It goes out before the receipt commits (that took 100 ms and more on a busy
 * machine, for every receiver), and stays at most once: one script sets a marker per
 * arrival and publishes only what it newly marked, so a batch delivered again (an
 * instance that died before its commit, a failed transaction) tells nobody twice. A
 * receiver who went offline is not told (and gets no receipt).
 */
class SignalReceivedNotices implements ArrivalNotices {

	private static final RedisScript<Long> TELL_ONCE = LuaScripts.load(SignalReceivedNotices.class, "tell-once.lua",
			Long.class);

	/** Longer than any wave is active (10 minutes) and any retry of its arrivals. */
	static final Duration MARKER_LIFETIME = Duration.ofHours(1);

	private static final String MARKER_PREFIX = "bowwow:signal:told:";

	private final StringRedisTemplate redis;

	private final KnownUsers users;

	private final JsonMapper json;

	private final Timer lateness;

	private final Clock clock;

	SignalReceivedNotices(StringRedisTemplate redis, KnownUsers users, JsonMapper json, MeterRegistry meters,
			Clock clock) {
		this.redis = redis;
		this.users = users;
		this.json = json;
		this.clock = clock;
		this.lateness = Timer.builder("bowwow.signal.relay.publish")
			.description("Arrival due to signal_received published to the WebSocket holders (Redis pub/sub)")
			.publishPercentileHistogram()
			.register(meters);
	}

	static String marker(Arrival arrival) {
		return MARKER_PREFIX + arrival.signalId() + ":" + arrival.receiverId();
	}

	@Override
	public void tell(List<Arrival> arrivals) {
		if (arrivals.isEmpty()) {
			return;
		}
		Map<UserId, UserSettings> settings = this.users
			.settingsOf(arrivals.stream().map(Arrival::receiverId).distinct().toList());
		List<String> keys = new ArrayList<>(arrivals.size());
		List<String> args = new ArrayList<>(2 * arrivals.size() + 2);
		args.add(UserMessages.CHANNEL_PREFIX);
		args.add(Long.toString(MARKER_LIFETIME.toSeconds()));
		List<Arrival> told = new ArrayList<>(arrivals.size());
		for (Arrival arrival : arrivals) {
			UserSettings receiver = settings.get(arrival.receiverId());
			if (receiver.isOffline()) {
				continue;
			}
			Distance distance = Distance.ofMeters(arrival.distanceMeters()).to(receiver.distanceUnit());
			keys.add(marker(arrival));
			args.add(this.json.writeValueAsString(new SignalReceived(arrival.receiverId(), arrival.signalId(),
					arrival.senderId(), distance.rounded(), distance.unit(), arrival.direction(), arrival.kind())));
			told.add(arrival);
		}
		if (keys.isEmpty()) {
			return;
		}
		// each message goes to its receiver's own channel
		told.forEach((arrival) -> args.add(arrival.receiverId().toString()));
		// One round trip for the whole batch.
		this.redis.execute(TELL_ONCE, keys, args.toArray());
		Instant now = this.clock.instant();
		told.forEach((arrival) -> this.lateness.record(Duration.between(arrival.dueAt(), now)));
	}

}
