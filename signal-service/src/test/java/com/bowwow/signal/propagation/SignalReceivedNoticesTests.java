package com.bowwow.signal.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.SignalIntegrationTest;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver's stream hears of an arrival at most once, although the notice goes out
 * before the receipt commits: a batch delivered again (its transaction failed, or its
 * instance died before the commit and another took it over) tells nobody twice.
 */
class SignalReceivedNoticesTests extends SignalIntegrationTest {

	@Autowired
	SignalReceivedNotices notices;

	@Autowired
	KnownUsers users;

	@Test
	void anArrivalToldAgainIsNotPublishedAgain() {
		UserId receiver = UserId.random();
		UserId other = UserId.random();
		Arrival first = arrival(receiver);
		this.notices.tell(List.of(first));
		await().atMost(Duration.ofSeconds(5)).until(() -> noticesFor(receiver) == 1);

		// the same batch again, with an arrival not told yet
		Arrival second = arrival(other);
		this.notices.tell(List.of(first, second));
		await().atMost(Duration.ofSeconds(5)).until(() -> noticesFor(other) == 1);
		assertThat(noticesFor(receiver)).isEqualTo(1);
		assertThat(this.messages).filteredOn((m) -> receiver.toString().equals(m.get("receiverID")))
			.singleElement()
			.satisfies((m) -> {
				assertThat(m.get("signalID")).isEqualTo(first.signalId().toString());
				assertThat(m.get("kind")).isEqualTo("signal");
				assertThat(m.get("unit")).isEqualTo("mile");
			});
	}

	@Test
	void aReceiverWhoWentOfflineIsNotTold() throws Exception {
		UserId receiver = UserId.random();
		this.users.apply(receiver, new UserSettings(DistanceUnit.MILE, true), Instant.now());
		UserId online = UserId.random();
		this.notices.tell(List.of(arrival(receiver), arrival(online)));
		await().atMost(Duration.ofSeconds(5)).until(() -> noticesFor(online) == 1);
		assertThat(noticesFor(receiver)).isZero();
	}

	private long noticesFor(UserId receiver) {
		return this.messages.stream().filter((m) -> receiver.toString().equals(m.get("receiverID"))).count();
	}

	private static Arrival arrival(UserId receiver) {
		return new Arrival(UUID.randomUUID(), UserId.random(), receiver, Instant.now(), 800, CompassDirection.N, 800,
				CompassDirection.S, SignalKind.SIGNAL);
	}

}
