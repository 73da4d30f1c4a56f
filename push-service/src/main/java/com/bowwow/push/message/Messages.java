package com.bowwow.push.message;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.Language;

/**
 * The notifications BowWow sends, in the receiver's language. In English a signal reads
 * {@code BowWow Signal!} / {@code 0.3 mi NE}; a response (the wave answering the
 * receiver's own signal) reads {@code BowWow Signal!} /
 * {@code Someone answered your signal: 0.3 mi NE}. In Korean: {@code BowWow 신호!} /
 * {@code 북동쪽 0.3 mi} and {@code 누군가 내 신호에 응답했어요: 북동쪽 0.3 mi} (direction words, since
 * compass letters mean little in a Korean sentence; units keep their symbols, as the app
 * shows them). Users have no display names: the app can name the sender from
 * {@code senderID} in the payload.
 * <p>
 * Every arrival also carries {@code title-loc-key}/{@code loc-key} with
 * {@code loc-args = [distance text, compass code]}, so an app that has the keys localises
 * the text itself; the body above is the fallback the device shows otherwise.
 */
public final class Messages {

	public static final String TITLE = "BowWow Signal!";

	public static final String TITLE_KO = "BowWow 신호!";

	public static final String TITLE_LOC_KEY = "BOWWOW_SIGNAL_TITLE";

	public static final String SIGNAL_LOC_KEY = "BOWWOW_SIGNAL_BODY";

	public static final String RESPONSE_LOC_KEY = "BOWWOW_RESPONSE_BODY";

	public static final String TEST_TITLE = "BowWow";

	public static final String TEST_BODY = "Push notifications work on this device.";

	public static final String TEST_BODY_KO = "이 기기에서 푸시 알림이 작동합니다.";

	private static final Map<CompassDirection, String> KOREAN_DIRECTIONS = new EnumMap<>(Map.of(CompassDirection.N,
			"북쪽", CompassDirection.NE, "북동쪽", CompassDirection.E, "동쪽", CompassDirection.SE, "남동쪽", CompassDirection.S,
			"남쪽", CompassDirection.SW, "남서쪽", CompassDirection.W, "서쪽", CompassDirection.NW, "북서쪽"));

	private Messages() {
	}

	/** An arrival in English. */
	public static PushMessage arrival(String deviceToken, UUID signalId, UserId senderId, SignalKind kind,
			double distanceMeters, CompassDirection direction, DistanceUnit unit, Instant expiresAt) {
		return arrival(deviceToken, signalId, senderId, kind, distanceMeters, direction, unit, Language.EN, expiresAt);
	}

	/**
	 * A signal or response arrival.
	 * @param deviceToken where to
	 * @param signalId the signal (also the collapse ID: one notification per signal)
	 * @param senderId who sent it
	 * @param kind a signal or a response
	 * @param distanceMeters distance from the receiver to the origin
	 * @param direction from the receiver towards the origin
	 * @param unit the receiver's unit
	 * @param language the receiver's language
	 * @param expiresAt when the signal stops being active
	 */
	public static PushMessage arrival(String deviceToken, UUID signalId, UserId senderId, SignalKind kind,
			double distanceMeters, CompassDirection direction, DistanceUnit unit, Language language,
			Instant expiresAt) {
		Distance distance = Distance.ofMeters(distanceMeters).to(unit);
		String distanceText = DistanceText.format(distance);
		boolean response = kind == SignalKind.RESPONSE;
		String title;
		String body;
		if (language == Language.KO) {
			String where = KOREAN_DIRECTIONS.get(direction) + " " + distanceText;
			title = TITLE_KO;
			body = response ? "누군가 내 신호에 응답했어요: " + where : where;
		}
		else {
			String where = distanceText + " " + direction.name();
			title = TITLE;
			body = response ? "Someone answered your signal: " + where : where;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("signalID", signalId.toString());
		// the app's notification tap handler reads this key
		payload.put("signal_id", signalId.toString());
		payload.put("senderID", senderId.toString());
		payload.put("distance", distance.rounded());
		payload.put("unit", unit.wireName());
		payload.put("direction", direction.name());
		payload.put("kind", kind.wireName());
		payload.put("language", language.wireName());
		return new PushMessage(deviceToken, title, body, payload, expiresAt, signalId.toString(), TITLE_LOC_KEY,
				response ? RESPONSE_LOC_KEY : SIGNAL_LOC_KEY, List.of(distanceText, direction.name()));
	}

	/** The notification of {@code POST /api/v1/push/test}, in English. */
	public static PushMessage test(String deviceToken, UUID deliveryId, Instant expiresAt) {
		return test(deviceToken, deliveryId, Language.EN, expiresAt);
	}

	/** The notification of {@code POST /api/v1/push/test}. */
	public static PushMessage test(String deviceToken, UUID deliveryId, Language language, Instant expiresAt) {
		return new PushMessage(deviceToken, TEST_TITLE, (language == Language.KO) ? TEST_BODY_KO : TEST_BODY,
				Map.of("kind", SignalKind.TEST.wireName(), "deliveryID", deliveryId.toString()), expiresAt, null);
	}

}
