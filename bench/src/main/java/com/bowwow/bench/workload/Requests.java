package com.bowwow.bench.workload;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request bodies and endpoints of the public API the harness uses. */
public final class Requests {

	public static final String REGISTER = "POST /api/v1/users/register";

	public static final String UPDATE = "POST /api/v1/locations/update";

	public static final String NEARBY = "GET /api/v1/locations/nearby/{userID}";

	public static final String SIGNAL = "POST /api/v1/signals";

	public static final String STREAM = "WS /api/v1/locations/stream";

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private Requests() {
	}

	public static String registration() {
		byte[] token = new byte[32];
		ThreadLocalRandom.current().nextBytes(token);
		return "{\"deviceToken\":\"" + HexFormat.of().formatHex(token)
				+ "\",\"settings\":{\"isOffline\":false,\"distanceUnit\":\"mile\"}}";
	}

	public static String update(UserId user, Coordinates at) {
		return String.format(Locale.ROOT,
				"{\"userID\":\"%s\",\"location\":{\"latitude\":%.7f,\"longitude\":%.7f,\"timestamp\":\"%s\"}}", user,
				at.latitude(), at.longitude(), Instant.now());
	}

	public static String nearbyPath(UserId user, double miles, int limit) {
		return String.format(Locale.ROOT, "/api/v1/locations/nearby/%s?distance=%s&limit=%d", user, miles, limit);
	}

	public static String signal(UserId sender, Coordinates origin, double maxDistanceMiles) {
		return String.format(Locale.ROOT,
				"{\"senderID\":\"%s\",\"location\":{\"latitude\":%s,\"longitude\":%s,\"timestamp\":\"%s\"},\"maxDistance\":%s}",
				sender, origin.latitude(), origin.longitude(), Instant.now(), maxDistanceMiles);
	}

	public static String subscribe(Coordinates center, double radiusMiles) {
		return String.format(Locale.ROOT, "{\"type\":\"subscribe\",\"latitude\":%s,\"longitude\":%s,\"radius\":%s}",
				center.latitude(), center.longitude(), radiusMiles);
	}

	public static JsonNode parse(String body) {
		return JSON.readTree(body);
	}

	/**
	 * Wall-clock microseconds since the epoch: the services and the harness share the
	 * clock.
	 */
	public static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
	}

}
