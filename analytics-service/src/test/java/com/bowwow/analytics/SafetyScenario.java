package com.bowwow.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.ReportReason;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;

/**
 * Reports, blocks and suspensions with known safety figures, published with duplicates
 * (same event ID twice, the same report under a new event ID) and out of order (a
 * deletion before the report about that user, a lift before its suspension, a newer
 * suspension before an older one).
 *
 * <pre>
 * reports  V1: spam -10m, spam -20m (twice), harassment -2h (again under a new event ID), other -40d
 *          V2: harassment -3h, other -3d;  V3: spam -10d
 *          G:  inappropriate -70m, then G deleted -30m
 *          H:  deleted -50m, and only then spam -5m arrives
 *          24h: spam 3, harassment 2, inappropriate 1, other 0; named: V1 3, V2 1
 *          7d:  + other (V2);  named: V1 3, V2 2
 *          30d: + spam (V3);   named: V1 3, V2 2, V3 1
 * suspended X -1h (twice); P -3d, lifted -2d, again -1d until +1d (arriving newest first)
 *          not: Y lifted; Z ran out -1h; Q lifted -1h arriving before its suspension -2h;
 *          G suspended -2h but deleted
 * blocks   -70m, -2h (twice), -3d, -20d, -40d; an unblock changes nothing
 *          24h: 2, 7d: 3, 30d: 4
 * </pre>
 */
final class SafetyScenario {

	/** The suspension reason: free text that must never be stored. */
	static final String SUSPENSION_REASON = "threatening messages to neighbours";

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	final UserId v1 = UserId.random();

	final UserId v2 = UserId.random();

	final UserId v3 = UserId.random();

	final UserId g = UserId.random();

	final UserId h = UserId.random();

	final UserId x = UserId.random();

	final UserId y = UserId.random();

	final UserId z = UserId.random();

	final UserId q = UserId.random();

	final UserId p = UserId.random();

	/** Everyone who filed a report or blocked: never stored. */
	final List<UserId> reporters = List.of(UserId.random(), UserId.random(), UserId.random());

	Instant minutesAgo(long minutes) {
		return this.now.minus(Duration.ofMinutes(minutes));
	}

	Instant daysAgo(long days) {
		return this.now.minus(Duration.ofDays(days));
	}

	void publish(EventFeed feed) {
		report(feed, 0, this.v1, ReportReason.SPAM, minutesAgo(10));
		ReportFiled twice = ReportFiled.of(this.reporters.get(1), UUID.randomUUID(), this.v1, ReportReason.SPAM,
				minutesAgo(20));
		publish(feed, twice);
		publish(feed, twice);
		UUID harassment = UUID.randomUUID();
		publish(feed,
				ReportFiled.of(this.reporters.get(2), harassment, this.v1, ReportReason.HARASSMENT, minutesAgo(120)));
		publish(feed,
				ReportFiled.of(this.reporters.get(2), harassment, this.v1, ReportReason.HARASSMENT, minutesAgo(120)));
		report(feed, 0, this.v1, ReportReason.OTHER, daysAgo(40));
		report(feed, 1, this.v2, ReportReason.HARASSMENT, minutesAgo(180));
		report(feed, 2, this.v2, ReportReason.OTHER, daysAgo(3));
		report(feed, 0, this.v3, ReportReason.SPAM, daysAgo(10));
		report(feed, 1, this.g, ReportReason.INAPPROPRIATE, minutesAgo(70));
		publish(feed, UserSuspended.of(this.g, SUSPENSION_REASON, null, minutesAgo(120)));
		publish(feed, UserDeleted.of(this.g, minutesAgo(30)));
		publish(feed, UserDeleted.of(this.h, minutesAgo(50)));
		report(feed, 2, this.h, ReportReason.SPAM, minutesAgo(5));

		UserSuspended suspendedX = UserSuspended.of(this.x, SUSPENSION_REASON, null, minutesAgo(60));
		publish(feed, suspendedX);
		publish(feed, suspendedX);
		publish(feed, UserSuspended.of(this.p, SUSPENSION_REASON, this.now.plus(Duration.ofDays(1)), daysAgo(1)));
		publish(feed, UserSuspensionLifted.of(this.p, daysAgo(2)));
		publish(feed, UserSuspended.of(this.p, SUSPENSION_REASON, null, daysAgo(3)));
		publish(feed, UserSuspended.of(this.y, SUSPENSION_REASON, null, minutesAgo(120)));
		publish(feed, UserSuspensionLifted.of(this.y, minutesAgo(60)));
		publish(feed, UserSuspended.of(this.z, SUSPENSION_REASON, minutesAgo(60), minutesAgo(180)));
		publish(feed, UserSuspensionLifted.of(this.q, minutesAgo(60)));
		publish(feed, UserSuspended.of(this.q, SUSPENSION_REASON, null, minutesAgo(120)));

		block(feed, this.v1, minutesAgo(70));
		UserBlocked blockedTwice = UserBlocked.of(this.reporters.get(1), this.v2, minutesAgo(120));
		publish(feed, blockedTwice);
		publish(feed, blockedTwice);
		block(feed, this.v2, daysAgo(3));
		block(feed, this.v3, daysAgo(20));
		block(feed, this.v1, daysAgo(40));
		publish(feed, UserUnblocked.of(this.reporters.get(0), this.v1, minutesAgo(30)));
	}

	private void report(EventFeed feed, int reporter, UserId reported, ReportReason reason, Instant at) {
		publish(feed, ReportFiled.of(this.reporters.get(reporter), UUID.randomUUID(), reported, reason, at));
	}

	private void block(EventFeed feed, UserId blocked, Instant at) {
		publish(feed, UserBlocked.of(this.reporters.get(0), blocked, at));
	}

	static void publish(EventFeed feed, UserEvent event) {
		feed.publish(UserEvents.STREAM, event.eventId(), event.type(), event);
	}

}
