package com.bowwow.push.message;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.Language;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessagesTests {

	private static final String TOKEN = "a".repeat(64);

	private final UUID signal = UUID.randomUUID();

	private final UserId sender = UserId.random();

	private final Instant expires = Instant.parse("2026-11-26T12:10:00Z");

	@Test
	void aSignalForAMileUser() {
		PushMessage message = Messages.arrival(TOKEN, this.signal, this.sender, SignalKind.SIGNAL, 0.3 * 1609.344,
				CompassDirection.NE, DistanceUnit.MILE, this.expires);
		assertThat(message.title()).isEqualTo("BowWow Signal!");
		assertThat(message.body()).isEqualTo("0.3 mi NE");
		assertThat(message.payload()).containsEntry("signalID", this.signal.toString())
			.containsEntry("signal_id", this.signal.toString())
			.containsEntry("senderID", this.sender.toString())
			.containsEntry("distance", 0.3)
			.containsEntry("direction", "NE")
			.containsEntry("kind", "signal")
			.containsEntry("unit", "mile");
		assertThat(message.collapseId()).isEqualTo(this.signal.toString());
		assertThat(message.expiration()).isEqualTo(this.expires);
	}

	@Test
	void closeByForAMileUserIsInFeet() {
		assertThat(Messages
			.arrival(TOKEN, this.signal, this.sender, SignalKind.SIGNAL, 137.16, CompassDirection.N, DistanceUnit.MILE,
					this.expires)
			.body()).isEqualTo("450 ft N");
	}

	@Test
	void aKilometerUserReadsKilometresAndMetres() {
		PushMessage far = Messages.arrival(TOKEN, this.signal, this.sender, SignalKind.SIGNAL, 2400,
				CompassDirection.SW, DistanceUnit.KILOMETER, this.expires);
		assertThat(far.body()).isEqualTo("2.4 km SW");
		assertThat(far.payload()).containsEntry("distance", 2.4).containsEntry("unit", "kilometer");
		assertThat(Messages
			.arrival(TOKEN, this.signal, this.sender, SignalKind.SIGNAL, 80, CompassDirection.E, DistanceUnit.KILOMETER,
					this.expires)
			.body()).isEqualTo("80 m E");
	}

	@Test
	void aResponseSaysSomeoneAnswered() {
		PushMessage response = Messages.arrival(TOKEN, this.signal, this.sender, SignalKind.RESPONSE, 0.3 * 1609.344,
				CompassDirection.NE, DistanceUnit.MILE, this.expires);
		assertThat(response.title()).isEqualTo("BowWow Signal!");
		assertThat(response.body()).isEqualTo("Someone answered your signal: 0.3 mi NE");
		assertThat(response.payload()).containsEntry("kind", "response");
	}

	@Test
	void koreanUsesDirectionWordsAndKeepsTheLocalisationKeys() {
		PushMessage message = Messages.arrival(TOKEN, this.signal, this.sender, SignalKind.SIGNAL, 0.3 * 1609.344,
				CompassDirection.NW, DistanceUnit.MILE, Language.KO, this.expires);
		assertThat(message.title()).isEqualTo("BowWow 신호!");
		assertThat(message.body()).isEqualTo("북서쪽 0.3 mi");
		assertThat(message.titleLocKey()).isEqualTo("BOWWOW_SIGNAL_TITLE");
		assertThat(message.locKey()).isEqualTo("BOWWOW_SIGNAL_BODY");
		assertThat(message.locArgs()).containsExactly("0.3 mi", "NW");
		assertThat(Messages.test(TOKEN, UUID.randomUUID(), Language.KO, this.expires).body())
			.isEqualTo("이 기기에서 푸시 알림이 작동합니다.");
	}

	@Test
	void collapseIdsAreAtMost64Bytes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PushMessage(TOKEN, "t", "b", java.util.Map.of(), this.expires, "x".repeat(65)));
	}

	@Test
	void logsShowOnlyTheEndOfTheToken() {
		assertThat(Messages.test("0123456789abcdef".repeat(4), UUID.randomUUID(), this.expires).redactedToken())
			.isEqualTo("…89abcdef");
	}

}
