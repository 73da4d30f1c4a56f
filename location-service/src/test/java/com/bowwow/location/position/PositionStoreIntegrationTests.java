package com.bowwow.location.position;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.crypto.EncryptionKeys;
import com.bowwow.location.crypto.LocationEncryptionProperties;
import com.bowwow.location.crypto.PositionCipher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PositionStoreIntegrationTests extends LocationIntegrationTest {

	@Autowired
	private PositionStore store;

	@Test
	void databaseRowsHoldNoPlaintextCoordinates() {
		UserId user = UserId.random();
		double latitude = 40.712776;
		double longitude = -74.005974;
		report(user, latitude, longitude);
		List<Map<String, Object>> rows = this.jdbc.sql("select * from positions").query().listOfRows();
		assertThat(rows).hasSize(1);
		Map<String, Object> row = rows.get(0);
		assertThat(row.keySet()).containsExactlyInAnyOrder("user_id", "key_id", "sealed", "reported_at", "received_at",
				"activity_published_at", "index_dirty");
		assertThat(row.get("key_id")).isEqualTo(EncryptionKeys.DEV_KEY_ID);
		byte[] sealed = (byte[]) row.get("sealed");
		assertThat(sealed).hasSize(12 + 16 + 16);
		String asText = new String(sealed, StandardCharsets.ISO_8859_1);
		for (double value : new double[] { latitude, longitude }) {
			assertThat(asText).doesNotContain(Double.toString(value)).doesNotContain("40.71").doesNotContain("74.00");
			assertThat(indexOf(sealed, ByteBuffer.allocate(8).putDouble(value).array())).isEqualTo(-1);
			assertThat(indexOf(sealed, ByteBuffer.allocate(4).putFloat((float) value).array())).isEqualTo(-1);
		}
		// The whole row as PostgreSQL prints it carries no coordinate either.
		String rowText = this.jdbc.sql("select p::text from positions p").query(String.class).single();
		assertThat(rowText).doesNotContain("40.71").doesNotContain("74.00");
		assertThat(this.store.find(user, Instant.EPOCH)).get()
			.extracting(StoredPosition::coordinates)
			.isEqualTo(Coordinates.of(latitude, longitude));
	}

	@Test
	void newestWinsWhateverTheArrivalOrder() {
		UserId user = UserId.random();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		assertThat(report(user, 10, 10, now.minusSeconds(10))).isEqualTo(UpdateOutcome.STORED);
		assertThat(report(user, 30, 30, now)).isEqualTo(UpdateOutcome.STORED);
		// Arrives late: older than what is stored, accepted and ignored.
		assertThat(report(user, 20, 20, now.minusSeconds(5))).isEqualTo(UpdateOutcome.IGNORED_OLDER);
		// A repeat of the stored report changes nothing either.
		assertThat(report(user, 31, 31, now)).isEqualTo(UpdateOutcome.IGNORED_OLDER);
		StoredPosition stored = this.store.find(user, Instant.EPOCH).orElseThrow();
		assertThat(stored.coordinates()).isEqualTo(Coordinates.of(30, 30));
		assertThat(stored.reportedAt()).isEqualTo(now);
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(30,
				org.assertj.core.data.Offset.offset(1e-5));
	}

	@Test
	void futureTimestampsBeyondSixtySecondsAreRefused() {
		UserId user = UserId.random();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		assertThat(report(user, 1, 1, now.plusSeconds(59))).isEqualTo(UpdateOutcome.STORED);
		assertThatThrownBy(() -> report(user, 1, 1, now.plusSeconds(61))).isInstanceOf(ApiException.class)
			.hasMessageContaining("location.timestamp");
		assertThat(this.store.find(user, Instant.EPOCH).orElseThrow().reportedAt()).isEqualTo(now.plusSeconds(59));
	}

	@Test
	void positionsAlreadyExpiredOnArrivalAreNotStored() {
		UserId user = UserId.random();
		assertThat(report(user, 1, 1, this.clock.instant().minus(Duration.ofHours(25))))
			.isEqualTo(UpdateOutcome.IGNORED_EXPIRED);
		assertThat(this.jdbc.sql("select count(*) from positions").query(Long.class).single()).isZero();
	}

	@Test
	void rowsSealedWithAnOldKeyStayReadableAfterANewKeyIsAdded() {
		SecureRandom random = new SecureRandom();
		String k1 = key(random);
		PositionStore before = new PositionStore(this.jdbc, new PositionCipher(
				EncryptionKeys.from(new LocationEncryptionProperties("k1:" + k1, "k1", "production"))));
		PositionStore after = new PositionStore(this.jdbc, new PositionCipher(EncryptionKeys
			.from(new LocationEncryptionProperties("k1:" + k1 + ",k2:" + key(random), "k2", "production"))));
		UserId old = UserId.random();
		UserId fresh = UserId.random();
		Instant now = this.clock.instant();
		before.saveIfNewer(new StoredPosition(old, Coordinates.of(51.5, -0.12), now), now);
		after.saveIfNewer(new StoredPosition(fresh, Coordinates.of(48.85, 2.35), now), now);
		assertThat(this.jdbc.sql("select key_id from positions where user_id = ?")
			.param(old.value())
			.query(String.class)
			.single()).isEqualTo("k1");
		assertThat(this.jdbc.sql("select key_id from positions where user_id = ?")
			.param(fresh.value())
			.query(String.class)
			.single()).isEqualTo("k2");
		assertThat(after.find(old, Instant.EPOCH).orElseThrow().coordinates()).isEqualTo(Coordinates.of(51.5, -0.12));
		assertThat(after.find(fresh, Instant.EPOCH).orElseThrow().coordinates()).isEqualTo(Coordinates.of(48.85, 2.35));
	}

	private static String key(SecureRandom random) {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
