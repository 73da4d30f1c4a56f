package com.bowwow.e2e;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import com.bowwow.e2e.GatewayClient.Stream.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The product's core moment, end to end through the gateway: a signal spreads from its
 * sender at one mile per second, reaching a neighbour half a mile away after about half a
 * second and one three miles away after about three, never an offline user; the sender
 * cannot send again within the hour; a receiver answers and the sender hears it.
 */
@ExtendWith(StackExtension.class)
class SignalJourneyIT {

	private static final double LATITUDE = 37.7880;

	private static final double LONGITUDE = -122.4075;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void aSignalSpreadsIsAnsweredAndCoolsDown() throws Exception {
		warmUp();
		Account sender = this.client.register("mile");
		Account half = this.client.register("mile");
		Account three = this.client.register("kilometer");
		Account offline = this.client.register("mile");
		this.client.goOffline(offline, "mile");
		this.client.moveTo(sender, LATITUDE, LONGITUDE);
		Coordinates halfAt = Coordinates.of(LATITUDE + 0.5 * GatewayClient.MILE_NORTH, LONGITUDE);
		Coordinates threeAt = Coordinates.of(LATITUDE,
				LONGITUDE + 3 * GatewayClient.MILE_NORTH / Math.cos(Math.toRadians(LATITUDE)));
		this.client.moveTo(half, halfAt.latitude(), halfAt.longitude());
		this.client.moveTo(three, threeAt.latitude(), threeAt.longitude());
		this.client.moveTo(offline, LATITUDE - 1 * GatewayClient.MILE_NORTH, LONGITUDE);
		this.client.awaitNearby(sender, List.of(half.userId(), three.userId()), offline.userId());

		try (Stream senderStream = this.client.openStream(sender);
				Stream halfStream = this.client.openStream(half);
				Stream threeStream = this.client.openStream(three);
				Stream offlineStream = this.client.openStream(offline)) {
			// The wave engine's timing is judged on a running service, not against the
			// background compilations the set-up above just set off (StackActivity).
			Duration settled = StackActivity.awaitCompilersIdle(StackExtension.stack(), Duration.ofSeconds(15));
			System.out.printf(java.util.Locale.ROOT, "[journey] compilers idle after %.2f s%n",
					settled.toMillis() / 1000.0);
			StackActivity activity = StackActivity.start(StackExtension.stack());
			Instant beforeSend = Instant.now();
			HttpResponse<String> sent = this.client.sendSignal(sender, LATITUDE, LONGITUDE, 5.0);
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
			String signalId = (String) this.client.read(sent).get("signalID");

			Received atHalf = halfStream.await((r) -> signalId.equals(r.message().get("signalID")),
					Duration.ofSeconds(15));
			StackActivity.Window untilHalf = activity.close(beforeSend, atHalf.at());
			Received atThree = threeStream.await((r) -> signalId.equals(r.message().get("signalID")),
					Duration.ofSeconds(15));
			assertThat(atHalf.message().get("type")).isEqualTo("signal_received");
			assertThat(atHalf.message().get("kind")).isEqualTo("signal");
			assertThat(atHalf.message().get("senderID")).isEqualTo(sender.userId());
			assertThat(atHalf.message().get("unit")).isEqualTo("mile");
			// The wave leaves from the centre of the sender's grid cell (the privacy
			// rule:
			// arrival times must not reveal where exactly the sender stood) and reaches
			// each receiver's true position.
			Coordinates origin = PrivacyGrid.snap(Coordinates.of(LATITUDE, LONGITUDE));
			double halfMeters = GreatCircle.distanceMeters(origin, halfAt);
			double threeMeters = GreatCircle.distanceMeters(origin, threeAt);
			assertThat((Double) atHalf.message().get("distance")).isCloseTo(halfMeters / DistanceUnit.MILE.meters(),
					within(0.006));
			assertThat(atHalf.message().get("direction")).isEqualTo(halfAt.directionTo(origin).name());
			assertThat(atThree.message().get("unit")).isEqualTo("kilometer");
			assertThat((Double) atThree.message().get("distance"))
				.isCloseTo(threeMeters / DistanceUnit.KILOMETER.meters(), within(0.006));
			assertThat(atThree.message().get("direction")).isEqualTo(threeAt.directionTo(origin).name());
			// The wave needs distance / (1 mile per second) to get there, judged from
			// the send (domain rule): the half-mile neighbour hears it within 0.15 s of
			// that moment, never early. The client's clock starts a little before the
			// send reaches the service, which only makes the window stricter.
			double halfSeconds = seconds(beforeSend, atHalf.at());
			double threeSeconds = seconds(beforeSend, atThree.at());
			System.out.printf(java.util.Locale.ROOT,
					"[journey] after the send: half-mile neighbour %.3f s (due %.3f s), three miles %.3f s (due %.3f s)%n",
					halfSeconds, halfMeters / DistanceUnit.MILE.meters(), threeSeconds,
					threeMeters / DistanceUnit.MILE.meters());
			System.out.println("[journey] until the half-mile neighbour heard it: " + untilHalf.report());
			assertThat(activity.everyProcessLogged()).as("the stack keeps a JVM log per process").isTrue();
			Timing judged = new Timing(halfSeconds, halfMeters / DistanceUnit.MILE.meters(), untilHalf);
			if (judged.late() && judged.window().longestPauseMillis() >= 20) {
				// A stop-the-world pause of a service in the path (the bench README's
				// code-cache collections while the JIT warms up) is the collector's
				// lateness, measured there; the wave engine is judged on one more wave.
				// Lateness without a pause is never excused, nor a second pause.
				System.out.printf(java.util.Locale.ROOT,
						"[journey] a %.0f ms JVM pause fell inside the wave; timing one more%n",
						judged.window().longestPauseMillis());
				judged = wave(LATITUDE + 2.0, 0.5);
				System.out.printf(java.util.Locale.ROOT, "[journey] one more: %.3f s (due %.3f s); %s%n",
						judged.seconds(), judged.due(), judged.window().report());
			}
			assertThat(judged.seconds()).as(judged.window().report())
				.isBetween(judged.due() - Timing.EARLY, judged.due() + Timing.LATE);
			assertThat(threeSeconds).isBetween(threeMeters / DistanceUnit.MILE.meters() - Timing.EARLY,
					threeMeters / DistanceUnit.MILE.meters() + 2.0);
			assertThat(threeSeconds - halfSeconds).isCloseTo((threeMeters - halfMeters) / DistanceUnit.MILE.meters(),
					within(0.5));

			Thread.sleep(500);
			assertThat(offlineStream.ofType("signal_received")).as("offline users receive nothing").isEmpty();
			assertThat(senderStream.ofType("signal_received")).as("the sender never receives their own").isEmpty();

			HttpResponse<String> again = this.client.sendSignal(sender, LATITUDE, LONGITUDE, null);
			assertThat(again.statusCode()).isEqualTo(429);
			assertThat(this.client.read(again).get("code")).isEqualTo("SIGNAL_COOLDOWN_ACTIVE");
			assertThat(again.headers().firstValue("Retry-After")).isPresent();

			HttpResponse<String> fromOffline = this.client.sendSignal(offline, LATITUDE, LONGITUDE, null);
			assertThat(fromOffline.statusCode()).isEqualTo(409);
			assertThat(this.client.read(fromOffline).get("code")).isEqualTo("SIGNAL_USER_OFFLINE");

			HttpResponse<String> response = this.client.send("POST", "/api/v1/signals/" + signalId + "/respond", half,
					"{\"signalID\":\"" + signalId + "\",\"userID\":\"" + half.userId() + "\",\"respondedAt\":\""
							+ Instant.now() + "\"}");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			Received answer = senderStream.await((r) -> "response".equals(r.message().get("kind")),
					Duration.ofSeconds(15));
			assertThat(answer.message().get("senderID")).isEqualTo(half.userId());
			// The response leaves from the centre of the responder's cell.
			Coordinates senderAt = Coordinates.of(LATITUDE, LONGITUDE);
			Coordinates responseOrigin = PrivacyGrid.snap(halfAt);
			assertThat((Double) answer.message().get("distance")).isCloseTo(
					GreatCircle.distanceMeters(senderAt, responseOrigin) / DistanceUnit.MILE.meters(), within(0.006));
			assertThat(answer.message().get("direction")).isEqualTo(senderAt.directionTo(responseOrigin).name());

			List<?> received = this.client
				.readList(this.client.send("GET", "/api/v1/signals/received/" + half.userId(), half, null));
			Map<?, ?> entry = (Map<?, ?>) received.get(0);
			assertThat(entry.get("signalID")).isEqualTo(signalId);
			assertThat(entry.get("responded")).isEqualTo(true);
			assertThat(entry.get("status")).isEqualTo("active");
		}
	}

	/**
	 * One wave between two other users, far from this test's, before the timed one: the
	 * first wave after the services start runs every step of the path for the first time
	 * (class loading, the JIT, first connections and statements) and arrives about a
	 * second late; the journey times what users meet on a running service.
	 */
	private void warmUp() throws Exception {
		wave(LATITUDE + 1.0, 0.2);
	}

	/**
	 * A wave from a new sender at {@code latitude} to a new receiver {@code miles} north
	 * of it, timed from the send as the journey times its own.
	 */
	private Timing wave(double latitude, double miles) throws Exception {
		Account sender = this.client.register("mile");
		Account receiver = this.client.register("mile");
		Coordinates receiverAt = Coordinates.of(latitude + miles * GatewayClient.MILE_NORTH, LONGITUDE);
		this.client.moveTo(sender, latitude, LONGITUDE);
		this.client.moveTo(receiver, receiverAt.latitude(), receiverAt.longitude());
		this.client.awaitNearby(sender, List.of(receiver.userId()), null);
		try (Stream stream = this.client.openStream(receiver)) {
			StackActivity.awaitCompilersIdle(StackExtension.stack(), Duration.ofSeconds(15));
			StackActivity activity = StackActivity.start(StackExtension.stack());
			Instant beforeSend = Instant.now();
			HttpResponse<String> sent = this.client.sendSignal(sender, latitude, LONGITUDE, 1.0);
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
			Received received = stream.await((r) -> "signal_received".equals(r.message().get("type")),
					Duration.ofSeconds(15));
			Coordinates origin = PrivacyGrid.snap(Coordinates.of(latitude, LONGITUDE));
			return new Timing(seconds(beforeSend, received.at()),
					GreatCircle.distanceMeters(origin, receiverAt) / DistanceUnit.MILE.meters(),
					activity.close(beforeSend, received.at()));
		}
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

	/**
	 * When a wave reached a receiver after the send, when it was due, and what the stack
	 * did meanwhile.
	 */
	private record Timing(double seconds, double due, StackActivity.Window window) {

		/** The most a receiver may hear it after it is due (the issue's ± 0.15 s). */
		static final double LATE = 0.15;

		/** The clock's slack before due: the client's clock starts before the send. */
		static final double EARLY = 0.02;

		boolean late() {
			return this.seconds > this.due + LATE;
		}

	}

}
