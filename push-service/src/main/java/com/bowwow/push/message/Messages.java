package com.bowwow.push.message;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/**
 * The notifications BowWow sends. A signal reads {@code BowWow Signal!} /
 * {@code 0.3 mi NE}; a response (the wave answering the receiver's own signal) reads
 * {@code BowWow Signal!} / {@code Someone answered your signal: 0.3 mi NE}: users have no
 * display names, the app can name the sender from {@code senderID} in the payload.
 */
public final class Messages {

	public static final String TITLE = "BowWow Signal!";

	public static final String TEST_TITLE = "BowWow";

	public static final String TEST_BODY = "Push notifications work on this device.";

	private Messages() {
	}

	/**
	 * A signal or response arrival.
	 * @param deviceToken where to
	 * @param signalId the signal (also the collapse ID: one notification per signal)
	 * @param senderId who sent it
	 * @param kind {@code signal} or {@code response}
	 * @param distanceMeters distance from the receiver to the origin
	 * @param direction from the receiver towards the origin
	 * @param unit the receiver's unit
	 * @param expiresAt when the signal stops being active
	 */
	public static PushMessage arrival(String deviceToken, UUID signalId, UserId senderId, String kind,
			double distanceMeters, CompassDirection direction, DistanceUnit unit, Instant expiresAt) {
		Distance distance = Distance.ofMeters(distanceMeters).to(unit);
		String where = DistanceText.format(distance) + " " + direction.name();
		String body = "response".equals(kind) ? "Someone answered your signal: " + where : where;
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("signalID", signalId.toString());
		payload.put("senderID", senderId.toString());
		payload.put("distance", distance.rounded());
		payload.put("unit", unit.wireName());
		payload.put("direction", direction.name());
		payload.put("kind", kind);
		return new PushMessage(deviceToken, TITLE, body, payload, expiresAt, signalId.toString());
	}

	/** The notification of {@code POST /api/v1/push/test}. */
	public static PushMessage test(String deviceToken, UUID deliveryId, Instant expiresAt) {
		return new PushMessage(deviceToken, TEST_TITLE, TEST_BODY,
				Map.of("kind", "test", "deliveryID", deliveryId.toString()), expiresAt, null);
	}

}
