package com.bowwow.bench.workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;

import com.bowwow.bench.load.Api;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import io.netty.handler.codec.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Sends signals from the middle of the town through the gateway and times the wave at
 * every connected receiver: arrival error = arrival − sentAt − d / speed, with d the
 * great-circle distance from the origin to where the harness placed the receiver and
 * speed 1 mile per second. The API's {@code sentAt} has whole seconds only, so the exact
 * departure is read from signal-service's {@code signals} row (everything runs on one
 * machine and one clock).
 */
public final class Waves {

	public static final double SPEED_METERS_PER_SECOND = 1_609.344;

	private static final double MILE = 1_609.344;

	/** The unit maximum of a mile user, the most a wave reaches. */
	private static final double MAX_METERS = 10 * MILE;

	/** location-service answers signal-service with at most this many receivers. */
	private static final int MAX_RECEIVERS = 10_000;

	private final Api gateway;

	private final Streams streams;

	private final Population town;

	private final Coordinates origin;

	private final String jdbcUrl;

	private final Properties jdbcProperties;

	/**
	 * @param jdbcUrl the stack's database, to read exact departures; null when not
	 * reachable (then only lost and duplicate deliveries are counted)
	 */
	public Waves(Api gateway, Streams streams, Population town, Coordinates origin, String jdbcUrl, String databaseUser,
			String databasePassword) {
		this.gateway = gateway;
		this.streams = streams;
		this.town = town;
		this.origin = origin;
		this.jdbcUrl = jdbcUrl;
		this.jdbcProperties = new Properties();
		if (databaseUser != null) {
			this.jdbcProperties.setProperty("user", databaseUser);
		}
		if (databasePassword != null && !databasePassword.isEmpty()) {
			this.jdbcProperties.setProperty("password", databasePassword);
		}
	}

	/** How long a wave's arrivals may keep trickling in after it should have passed. */
	private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(60);

	/** No arrival for this long after the wave should have passed: it is over. */
	private static final Duration QUIET = Duration.ofSeconds(2);

	/**
	 * Sends one signal whose circle holds about {@code receivers} town users (all of them
	 * connected) and waits until the wave has passed everyone. Users whose connection is
	 * not open are left out of the count.
	 */
	public Outcome send(String name, int receivers) throws InterruptedException {
		// The location privacy rule: the wave leaves from the centre of the sender's grid
		// cell, takes in whoever's cell centre lies within its reach, and arrives at each
		// receiver's true position.
		Coordinates from = PrivacyGrid.snap(this.origin);
		double[] distances = new double[this.town.size()];
		double[] travel = new double[this.town.size()];
		double[] live = new double[this.town.size()];
		int liveCount = 0;
		for (int i = 0; i < distances.length; i++) {
			distances[i] = GreatCircle.distanceMeters(from, PrivacyGrid.snap(this.town.position(i)));
			travel[i] = GreatCircle.distanceMeters(from, this.town.position(i));
			if (this.streams.isLive(i)) {
				live[liveCount++] = distances[i];
			}
		}
		if (liveCount == 0) {
			throw new IllegalStateException("No subscriber is connected");
		}
		// the circle holds the asked number of connected users (unconnected ones inside
		// get their receipt, unobserved)
		double radius = radiusHolding(Arrays.copyOf(live, liveCount),
				Math.min(Math.min(receivers, MAX_RECEIVERS), liveCount));
		Api.Response registered = this.gateway
			.sendPatiently(HttpMethod.POST, "/api/v1/users/register", Requests.REGISTER, null, Requests.registration())
			.block();
		if (registered == null || !registered.ok()) {
			throw new IllegalStateException("Could not register a wave sender: " + registered);
		}
		JsonNode account = Requests.parse(registered.body());
		UserId sender = UserId.parse(account.get("userID").asString());
		String token = account.get("accessToken").asString();
		long requestedMicros = Requests.nowMicros();
		long sendStarted = System.nanoTime();
		Api.Response sent = this.gateway
			.send(HttpMethod.POST, "/api/v1/signals", Requests.SIGNAL, token,
					Requests.signal(sender, this.origin, radius / MILE))
			.block();
		if (sent == null || !sent.ok()) {
			throw new IllegalStateException("The signal was refused: " + sent);
		}
		double sendMillis = (System.nanoTime() - sendStarted) / 1e6;
		String signalId = Requests.parse(sent.body()).get("signalID").asString();
		OptionalLong sentAt = sentAtMicros(signalId);
		long departs = sentAt.orElse(requestedMicros + 500_000);
		long lastDue = departs + (long) (radius / SPEED_METERS_PER_SECOND * 1e6);
		long waitMillis = (lastDue - Requests.nowMicros()) / 1000 + 3_000;
		Thread.sleep(Math.max(0, waitMillis));
		Streams.WaveRecord record = this.streams.wave(signalId);
		// Late is not lost: while arrivals still come in, wait for them (a minute at
		// most),
		// so that a wave the stack cannot keep up with shows in the error figures and
		// only
		// what never came counts as lost.
		long drainUntil = System.nanoTime() + DRAIN_AT_MOST.toNanos();
		for (int seen = -1; record.arrivals() != seen && System.nanoTime() < drainUntil;) {
			seen = record.arrivals();
			Thread.sleep(QUIET.toMillis());
		}
		int expected = 0;
		int received = 0;
		int lost = 0;
		int unexpected = 0;
		List<Long> errors = new ArrayList<>();
		List<Long> dues = new ArrayList<>();
		for (int i = 0; i < distances.length; i++) {
			long arrived = record.arrivedMicros(i);
			boolean boundary = Math.abs(distances[i] - radius) < 1.0;
			if (!this.streams.isLive(i) && arrived < 0) {
				// not connected (refused or dropped): nothing to receive on
				continue;
			}
			boolean inside = distances[i] < radius;
			if (boundary) {
				continue;
			}
			if (inside) {
				expected++;
				if (arrived < 0) {
					lost++;
				}
				else {
					received++;
					if (sentAt.isPresent()) {
						long due = Math.round(travel[i] / SPEED_METERS_PER_SECOND * 1e6);
						errors.add(arrived - sentAt.getAsLong() - due);
						dues.add(due);
					}
				}
			}
			else if (arrived >= 0) {
				unexpected++;
			}
		}
		return new Outcome(name, signalId, radius, expected, received, lost, unexpected, record.duplicates(),
				sentAt.isPresent(), errors.stream().mapToLong(Long::longValue).toArray(),
				dues.stream().mapToLong(Long::longValue).toArray(), sendMillis);
	}

	/**
	 * A radius with exactly {@code count} users inside and no user within a few metres of
	 * the edge (Redis stores positions to about half a metre).
	 */
	static double radiusHolding(double[] distances, int count) {
		double[] sorted = distances.clone();
		Arrays.sort(sorted);
		if (count >= sorted.length) {
			return Math.min(MAX_METERS, sorted[sorted.length - 1] + 10);
		}
		for (int j = count - 1; j < sorted.length - 1; j++) {
			if (sorted[j + 1] - sorted[j] >= 4 && sorted[j] + 2 < MAX_METERS) {
				return (sorted[j] + sorted[j + 1]) / 2;
			}
		}
		return Math.min(MAX_METERS, sorted[count - 1] + 1);
	}

	private OptionalLong sentAtMicros(String signalId) {
		if (this.jdbcUrl == null) {
			return OptionalLong.empty();
		}
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.jdbcProperties);
				PreparedStatement query = connection
					.prepareStatement("select sent_at from signal_service.signals where id = ?")) {
			query.setObject(1, UUID.fromString(signalId));
			try (ResultSet rows = query.executeQuery()) {
				if (!rows.next()) {
					return OptionalLong.empty();
				}
				OffsetDateTime sentAt = rows.getObject(1, OffsetDateTime.class);
				return OptionalLong.of(sentAt.toEpochSecond() * 1_000_000 + sentAt.getNano() / 1_000);
			}
		}
		catch (SQLException ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * @param name which wave
	 * @param signalId its ID
	 * @param radiusMeters its reach
	 * @param expected connected users inside the circle
	 * @param received of those, how many got {@code signal_received}
	 * @param lost expected but never received
	 * @param unexpected received outside the circle
	 * @param duplicates a second {@code signal_received} of the same wave on one
	 * connection
	 * @param timed whether the exact departure was known (arrival errors measured)
	 * @param errorsMicros arrival error of each receiver, microseconds
	 * @param dueMicros for each of those, when the front reached it after the send,
	 * microseconds
	 * @param sendMillis how long the send took to answer, at the client: receivers nearer
	 * than that are reached late by the difference
	 */
	public record Outcome(String name, String signalId, double radiusMeters, int expected, int received, int lost,
			int unexpected, int duplicates, boolean timed, long[] errorsMicros, long[] dueMicros, double sendMillis) {

		/**
		 * Receivers more than {@code lateMillis} late, and of those how many the front
		 * reached before the send was answered (late because the send took long, not
		 * because delivery fell behind).
		 */
		public int[] lateAndNearOrigin(long lateMillis) {
			int late = 0;
			int near = 0;
			for (int i = 0; i < this.errorsMicros.length; i++) {
				if (this.errorsMicros[i] > lateMillis * 1_000) {
					late++;
					if (this.dueMicros[i] < this.sendMillis * 1_000) {
						near++;
					}
				}
			}
			return new int[] { late, near };
		}

		public static Duration untilPassed(double radiusMeters) {
			return Duration.ofMillis((long) (radiusMeters / SPEED_METERS_PER_SECOND * 1000));
		}

	}

}
