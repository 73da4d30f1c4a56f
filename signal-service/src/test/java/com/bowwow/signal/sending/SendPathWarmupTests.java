package com.bowwow.signal.sending;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.bowwow.location.api.UsersWithin;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The warm-up runs the send's real paths with a made-up ring of receivers, and leaves no
 * trace: no signal, no arrival, no travelling wave, nothing for the engine to deliver.
 */
class SendPathWarmupTests extends SignalIntegrationTest {

	@Autowired
	SendPathWarmup warmup;

	@Test
	void aRoundPlansAndStoresAWholeRingThenRollsItBack() {
		LocationServiceStandIn.clear();
		int planned = this.warmup.round();
		assertThat(planned).as("every made-up receiver planned and stored")
			.isEqualTo(SignalSender.restRing(FIRST_AUDIENCE));
		// the signal, its arrivals, its travelling row and its event commit together
		// or not at all (other tests' waves may come and go meanwhile)
		assertThat(this.jdbc.queryForObject("select count(*) from pending_arrivals where lease_owner = 'warmup'",
				Long.class))
			.as("arrivals leased to the warm-up")
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from travelling_waves where origin_latitude = 0.5 and origin_longitude = -25.5",
				Long.class))
			.as("travelling waves from the warm-up's origin")
			.isZero();
	}

	@Test
	void aRoundStillWarmsWhenLocationServiceIsDown() {
		LocationServiceStandIn.clear();
		LocationServiceStandIn.setUp(false);
		try {
			assertThat(this.warmup.round()).isEqualTo(SignalSender.restRing(FIRST_AUDIENCE));
		}
		finally {
			LocationServiceStandIn.setUp(true);
		}
	}

	@Test
	void theMadeUpRingIsNearestFirstOverThreeMiles() {
		UsersWithin ring = SendPathWarmup.madeUpAnswer(2_000, Instant.now());
		assertThat(ring.users()).hasSize(2_000)
			.isSortedAccordingTo(Comparator.comparingDouble(UsersWithin.UserPosition::distanceMeters));
		assertThat(ring.users().getLast().distanceMeters()).isCloseTo(4_800, within(0.01));
		assertThat(ring.users().stream().map(UsersWithin.UserPosition::userID).distinct()).hasSize(2_000);
	}

}
