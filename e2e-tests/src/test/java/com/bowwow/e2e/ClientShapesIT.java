package com.bowwow.e2e;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.e2e.GatewayClient.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response the existing iOS app decodes, read back the way the app's
 * {@code JSONDecoder} would: the Swift structs' field names and types are a fixture
 * ({@code ios-client-models.json}, copied from the app's source), and a value the app
 * could not decode (a missing field, a fraction where Swift wants {@code Int}, a date
 * with fractional seconds, an unknown enum case) fails the journey.
 */
@ExtendWith(StackExtension.class)
class ClientShapesIT {

	private static final double LATITUDE = 40.7580;

	private static final double LONGITUDE = -73.9855;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	private final Map<?, ?> fixture;

	ClientShapesIT() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/ios-client-models.json")) {
			this.fixture = JsonMapper.builder().build().readValue(in, Map.class);
		}
	}

	@Test
	void everyClientMarkedResponseDecodesAsTheAppsModels() throws Exception {
		List<String> problems = new ArrayList<>();

		HttpResponse<String> registered = this.client.send("POST", "/api/v1/users/register", (String) null,
				"{\"deviceToken\":\"" + GatewayClient.randomDeviceToken() + "\"}");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		Map<?, ?> user = this.client.read(registered);
		decode("ServerUserResponse", user, "register", problems);
		Account sender = new Account((String) user.get("userID"), (String) user.get("accessToken"));
		Account receiver = this.client.register("mile");

		// The app's settings update sends its envelope and decodes the answer as User.
		HttpResponse<String> settings = this.client.send("PUT", "/api/v1/users/" + sender.userId() + "/settings",
				sender, "{\"userID\":\"" + sender.userId()
						+ "\",\"settings\":{\"isOffline\":false,\"distanceUnit\":\"mile\"}}");
		assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
		decode("User", this.client.read(settings), "settings update", problems);

		this.client.moveTo(sender, LATITUDE, LONGITUDE);
		this.client.moveTo(receiver, LATITUDE + 0.5 * GatewayClient.MILE_NORTH, LONGITUDE);
		this.client.awaitNearby(sender, List.of(receiver.userId()), null);
		HttpResponse<String> nearby = this.client.send("GET",
				"/api/v1/locations/nearby/" + sender.userId() + "?distance=5.0", sender, null);
		decodeList("NearbyUserResponse", this.client.readList(nearby), "nearby", problems);

		// What the app sends: maxDistance as a Double with a whole value.
		HttpResponse<String> sent = this.client.send("POST", "/api/v1/signals", sender,
				"{\"senderID\":\"" + sender.userId() + "\",\"location\":{\"latitude\":" + LATITUDE + ",\"longitude\":"
						+ LONGITUDE + ",\"timestamp\":\""
						+ Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
						+ "\"},\"maxDistance\":5.0}");
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		Map<?, ?> signal = this.client.read(sent);
		decode("SignalResponse", signal, "send signal", problems);

		List<?> received = awaitReceived(receiver, (String) signal.get("signalID"));
		decodeList("ReceivedSignal", received, "received signals", problems);
		assertThat(received).extracting((r) -> ((Map<?, ?>) r).get("id")).doesNotHaveDuplicates();

		// The push the receiver's phone gets: the app's notification tap handler reads
		// signal_id (push-service runs in log mode here and logs what it would send).
		assertThat(awaitPushLine((String) signal.get("signalID"))).as("the push payload")
			.contains("signal_id=" + signal.get("signalID"))
			.contains("signalID=" + signal.get("signalID"));

		// Responding: the app sends its body and does not decode the answer
		// (APIService.respondToSignal), so only the status matters to it.
		HttpResponse<String> responded = this.client.send("POST",
				"/api/v1/signals/" + signal.get("signalID") + "/respond", receiver,
				"{\"signalID\":\"" + signal.get("signalID") + "\",\"userID\":\"" + receiver.userId()
						+ "\",\"respondedAt\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
						+ "\"}");
		assertThat(responded.statusCode()).as(responded.body()).isEqualTo(201);

		assertThat(problems).as("what the iOS app could not decode").isEmpty();
	}

	private List<?> awaitReceived(Account receiver, String signalId) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			List<?> received = this.client
				.readList(this.client.send("GET", "/api/v1/signals/received/" + receiver.userId(), receiver, null));
			if (received.stream().anyMatch((r) -> signalId.equals(((Map<?, ?>) r).get("signalID")))) {
				return received;
			}
			assertThat(Instant.now()).as("the receipt of %s", signalId).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	/** The log-mode line of the first push for the signal. */
	private static String awaitPushLine(String signalId) throws Exception {
		java.nio.file.Path log = StackExtension.stack().logFile("push-service");
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			java.util.Optional<String> line;
			try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log)) {
				line = lines.filter((l) -> l.contains("would push") && l.contains(signalId)).findFirst();
			}
			if (line.isPresent()) {
				return line.get();
			}
			assertThat(Instant.now()).as("a push for %s in %s", signalId, log).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private void decodeList(String model, List<?> values, String where, List<String> problems) {
		if (values.isEmpty()) {
			problems.add(where + ": expected at least one " + model + " to decode");
		}
		for (Object value : values) {
			decode(model, value, where, problems);
		}
	}

	/** Decodes like Swift's JSONDecoder with the .iso8601 date strategy would. */
	private void decode(String type, Object value, String where, List<String> problems) {
		boolean optional = type.endsWith("?");
		String base = optional ? type.substring(0, type.length() - 1) : type;
		if (value == null) {
			if (!optional) {
				problems.add(where + ": " + base + " is missing or null");
			}
			return;
		}
		Map<?, ?> models = (Map<?, ?>) this.fixture.get("models");
		Map<?, ?> enums = (Map<?, ?>) this.fixture.get("enums");
		if (models.containsKey(base)) {
			if (!(value instanceof Map<?, ?> object)) {
				problems.add(where + ": " + base + " is not an object: " + value);
				return;
			}
			((Map<?, ?>) models.get(base)).forEach(
					(field, fieldType) -> decode((String) fieldType, object.get(field), where + "." + field, problems));
			return;
		}
		if (enums.containsKey(base)) {
			if (!((List<?>) enums.get(base)).contains(value)) {
				problems.add(where + ": " + value + " is not a case of " + base);
			}
			return;
		}
		boolean ok = switch (base) {
			case "UUID" -> value instanceof String text && isUuid(text);
			case "String" -> value instanceof String;
			case "Bool" -> value instanceof Boolean;
			case "Double" -> value instanceof Number;
			// JSONDecoder refuses a number with a fraction for Int; a JSON integer is
			// safe.
			case "Int" -> value instanceof Integer || value instanceof Long;
			// ISO8601DateFormatter's default (.withInternetDateTime): no fractional
			// seconds.
			case "Date" -> value instanceof String text
					&& text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
			default -> throw new IllegalStateException("Unknown Swift type in the fixture: " + base);
		};
		if (!ok) {
			problems
				.add(where + ": " + value + " (" + value.getClass().getSimpleName() + ") does not decode as " + base);
		}
	}

	private static boolean isUuid(String text) {
		try {
			return UUID.fromString(text).toString().equalsIgnoreCase(text);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
