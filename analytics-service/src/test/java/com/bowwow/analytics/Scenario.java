package com.bowwow.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.location.api.LocationEvents;
import com.bowwow.location.api.LocationEvents.LocationReported;
import com.bowwow.location.api.LocationEvents.StreamConnectionsSampled;
import com.bowwow.push.api.PushEvents;
import com.bowwow.push.api.PushEvents.Outcome;
import com.bowwow.push.api.PushEvents.PushOutcome;
import com.bowwow.push.api.PushEvents.PushesFinished;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.signal.api.SignalEvents.Delivery;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;

/**
 * A small world with known figures, published with duplicates (same event ID twice, and
 * the same signal or receipt re-published under a new event ID) and out of order
 * (settings and deletion before registration, a receipt before its signal).
 *
 * <pre>
 * users    A B C E live, D deleted (after being active), F deleted before its registration arrived
 * activity A -30m, B -3h, C -30h, D -20m, E -10m (reported twice)
 * signals  S1 A -20m 1 mi, S2 A -5m 10 mi, S3 C -2d 5 mi, S4 B -3h 16 km, S5 E -2h 7 mi;
 *          R1 B -19m: a response to S1 (not a signal)
 * receipts S1 to B and E (-20m), R1 to A (-19m), S3 to D (-2d), S5 to A (-2h, before S5 itself);
 *          late by 0 s, 1 s, 3 s, 12 s and 7 s (event timestamps carry whole seconds)
 * </pre>
 */
final class Scenario {

	static final double MILE = 1609.344;

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	final UserId a = UserId.random();

	final UserId b = UserId.random();

	final UserId c = UserId.random();

	final UserId d = UserId.random();

	final UserId e = UserId.random();

	final UserId f = UserId.random();

	final UUID s1 = UUID.randomUUID();

	final UUID s2 = UUID.randomUUID();

	final UUID s3 = UUID.randomUUID();

	final UUID s4 = UUID.randomUUID();

	final UUID s5 = UUID.randomUUID();

	final UUID r1 = UUID.randomUUID();

	Instant ago(Duration duration) {
		return this.now.minus(duration);
	}

	Instant minutesAgo(long minutes) {
		return ago(Duration.ofMinutes(minutes));
	}

	/** Publishes the whole scenario, duplicates and disorder included. */
	void publish(EventFeed feed) {
		// Users: F's deletion and E's settings overtake their registrations; A's
		// registration arrives twice.
		UserRegistered registeredA = UserRegistered.of(this.a, DistanceUnit.MILE, false, minutesAgo(60 * 50));
		feed.publish(UserEvents.STREAM, registeredA.eventId(), registeredA.type(), registeredA);
		feed.publish(UserEvents.STREAM, registeredA.eventId(), registeredA.type(), registeredA);
		user(feed, UserRegistered.of(this.b, DistanceUnit.MILE, false, minutesAgo(60 * 40)));
		user(feed, UserRegistered.of(this.c, DistanceUnit.KILOMETER, false, minutesAgo(60 * 40)));
		user(feed, UserRegistered.of(this.d, DistanceUnit.MILE, false, minutesAgo(60 * 30)));
		user(feed, UserSettingsChanged.of(this.e, DistanceUnit.KILOMETER, true, minutesAgo(60)));
		user(feed, UserRegistered.of(this.e, DistanceUnit.MILE, false, minutesAgo(120)));
		user(feed, UserDeleted.of(this.f, minutesAgo(30)));
		user(feed, UserRegistered.of(this.f, DistanceUnit.MILE, false, minutesAgo(90)));

		reported(feed, this.a, minutesAgo(30));
		reported(feed, this.b, minutesAgo(180));
		reported(feed, this.c, minutesAgo(30 * 60));
		reported(feed, this.d, minutesAgo(20));
		LocationReported e1 = new LocationReported(UUID.randomUUID(), this.e, minutesAgo(12));
		feed.publish(LocationEvents.STREAM, e1.eventId(), "LocationReported", e1);
		feed.publish(LocationEvents.STREAM, e1.eventId(), "LocationReported", e1);
		reported(feed, this.e, minutesAgo(10));

		// S5's receipt comes before S5.
		delivered(feed, delivery(this.s5, this.a, this.e, "signal", 2 * MILE, minutesAgo(120), 7000));
		sent(feed, this.s1, this.a, "signal", null, minutesAgo(20), MILE);
		// S1 again under a new event ID: still one signal.
		sent(feed, this.s1, this.a, "signal", null, minutesAgo(20), MILE);
		sent(feed, this.s2, this.a, "signal", null, minutesAgo(5), 10 * MILE);
		sent(feed, this.s3, this.c, "signal", null, minutesAgo(2 * 24 * 60), 5 * MILE);
		sent(feed, this.s4, this.b, "signal", null, minutesAgo(180), 16_000);
		sent(feed, this.s5, this.e, "signal", null, minutesAgo(120), 7 * MILE);
		sent(feed, this.r1, this.b, "response", this.s1, minutesAgo(19), 0.4 * MILE);
		ArrivalsDelivered first = new ArrivalsDelivered(UUID.randomUUID(),
				List.of(delivery(this.s1, this.b, this.a, "signal", 0.3 * MILE, minutesAgo(20), 0),
						delivery(this.s1, this.e, this.a, "signal", 0.9 * MILE, minutesAgo(20), 1000)));
		feed.publish(SignalEvents.STREAM, first.eventId(), "ArrivalsDelivered", first);
		feed.publish(SignalEvents.STREAM, first.eventId(), "ArrivalsDelivered", first);
		// One of the same receipts re-published under a new event ID: still one receipt.
		delivered(feed, delivery(this.s1, this.e, this.a, "signal", 0.9 * MILE, minutesAgo(20), 1000));
		delivered(feed, delivery(this.r1, this.a, this.b, "response", 0.3 * MILE, minutesAgo(19), 3000));
		delivered(feed, delivery(this.s3, this.d, this.c, "signal", 4 * MILE, minutesAgo(2 * 24 * 60), 12_000));

		// A batch redelivered: counted once.
		PushesFinished sentB = pushed(push(this.s1, this.b, Outcome.SENT, null, minutesAgo(20)));
		feed.publish(PushEvents.STREAM, sentB.eventId(), sentB.type(), sentB);
		feed.publish(PushEvents.STREAM, sentB.eventId(), sentB.type(), sentB);
		// One batch of mixed outcomes and hours.
		PushesFinished mixed = pushed(push(this.s1, this.e, Outcome.SENT, null, minutesAgo(20)),
				push(this.r1, this.a, Outcome.REJECTED, "BadDeviceToken", minutesAgo(19)),
				push(this.s5, this.a, Outcome.SKIPPED, "receiver offline", minutesAgo(120)));
		feed.publish(PushEvents.STREAM, mixed.eventId(), mixed.type(), mixed);

		StreamConnectionsSampled early = new StreamConnectionsSampled(UUID.randomUUID(), "location-1", 3, 0,
				minutesAgo(125));
		feed.publish(LocationEvents.STREAM, early.eventId(), "StreamConnectionsSampled", early);
		sampled(feed, "location-1", 5, 2, minutesAgo(2));
		sampled(feed, "location-1", 4, 1, minutesAgo(3 * 60));
		StreamConnectionsSampled other = new StreamConnectionsSampled(UUID.randomUUID(), "location-2", 2, 7,
				minutesAgo(1));
		feed.publish(LocationEvents.STREAM, other.eventId(), "StreamConnectionsSampled", other);
		feed.publish(LocationEvents.STREAM, other.eventId(), "StreamConnectionsSampled", other);
		// D is deleted once everything above was applied (the streams are consumed
		// independently): what D did stays counted, under one pseudonym.
		feed.awaitConsumed();
		user(feed, UserDeleted.of(this.d, minutesAgo(5)));
	}

	/**
	 * Expected {@code signalsByHour} for the kind-signal waves sent since {@code since}.
	 */
	Map<String, Long> signalsByHourSince(Duration range) {
		Map<String, Long> expected = new TreeMap<>();
		for (int hour = 0; hour < 24; hour++) {
			expected.put(Integer.toString(hour), 0L);
		}
		for (Instant sent : List.of(minutesAgo(20), minutesAgo(5), minutesAgo(2 * 24 * 60), minutesAgo(180),
				minutesAgo(120))) {
			if (!sent.isBefore(ago(range))) {
				expected.merge(Integer.toString(sent.atZone(ZoneOffset.UTC).getHour()), 1L, Long::sum);
			}
		}
		return expected;
	}

	private static void user(EventFeed feed, com.bowwow.user.api.UserEvent event) {
		feed.publish(UserEvents.STREAM, event.eventId(), event.type(), event);
	}

	private static void reported(EventFeed feed, UserId user, Instant at) {
		LocationReported event = new LocationReported(UUID.randomUUID(), user, at);
		feed.publish(LocationEvents.STREAM, event.eventId(), "LocationReported", event);
	}

	private static void sampled(EventFeed feed, String instance, int connections, long dropped, Instant at) {
		StreamConnectionsSampled event = new StreamConnectionsSampled(UUID.randomUUID(), instance, connections, dropped,
				at);
		feed.publish(LocationEvents.STREAM, event.eventId(), "StreamConnectionsSampled", event);
	}

	private static void sent(EventFeed feed, UUID signal, UserId sender, String kind, UUID respondsTo, Instant at,
			double maxDistanceMeters) {
		SignalSent event = new SignalSent(UUID.randomUUID(), signal, sender, SignalKind.fromWire(kind), respondsTo, at,
				maxDistanceMeters, 2);
		feed.publish(SignalEvents.STREAM, event.eventId(), "SignalSent", event);
	}

	private static void delivered(EventFeed feed, Delivery delivery) {
		ArrivalsDelivered event = new ArrivalsDelivered(UUID.randomUUID(), List.of(delivery));
		feed.publish(SignalEvents.STREAM, event.eventId(), "ArrivalsDelivered", event);
	}

	private static PushesFinished pushed(PushOutcome... outcomes) {
		return new PushesFinished(UUID.randomUUID(), List.of(outcomes));
	}

	private static Delivery delivery(UUID signal, UserId receiver, UserId sender, String kind, double meters,
			Instant due, long latenessMillis) {
		return new Delivery(signal, receiver, sender, SignalKind.fromWire(kind), meters, CompassDirection.NE, due,
				due.plusMillis(latenessMillis), due.plus(Duration.ofMinutes(10)));
	}

	private static PushOutcome push(UUID signal, UserId receiver, Outcome outcome, String reason, Instant at) {
		return new PushOutcome(signal, receiver, SignalKind.SIGNAL, outcome, reason, 1, at);
	}

}
