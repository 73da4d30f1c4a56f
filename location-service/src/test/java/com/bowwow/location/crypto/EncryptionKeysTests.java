package com.bowwow.location.crypto;

import java.security.SecureRandom;
import java.util.Base64;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionKeysTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final UserId user = UserId.random();

	private final Coordinates here = Coordinates.of(40.7128, -74.006);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class, EncryptionConfiguration.class);

	@Test
	void localEnvironmentWithoutKeysUsesTheDevelopmentKey() {
		EncryptionKeys keys = EncryptionKeys.from(new LocationEncryptionProperties("", "", "local"));
		assertThat(keys.activeKeyId()).isEqualTo(EncryptionKeys.DEV_KEY_ID);
		PositionCipher cipher = new PositionCipher(keys);
		assertThat(cipher.open(this.user, cipher.seal(this.user, this.here))).isEqualTo(this.here);
	}

	@Test
	void productionRefusesMissingOrInvalidKeys() {
		assertThatIllegalStateException().isThrownBy(() -> production(null, null))
			.withMessageContaining("LOCATION_ENCRYPTION_KEYS is required when BOWWOW_ENVIRONMENT=production");
		assertThatIllegalStateException().isThrownBy(() -> production("k1:not*base64", "k1"))
			.withMessageContaining("not valid base64");
		assertThatIllegalStateException()
			.isThrownBy(() -> production("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "k1"))
			.withMessageContaining("must be 32 bytes");
		assertThatIllegalStateException().isThrownBy(() -> production("k1:" + newKey(), "k2"))
			.withMessageContaining("LOCATION_ENCRYPTION_ACTIVE_KEY_ID 'k2' is not one of the keys");
		assertThatIllegalStateException().isThrownBy(() -> production("k1:" + newKey() + ",k2:" + newKey(), ""))
			.withMessageContaining("LOCATION_ENCRYPTION_ACTIVE_KEY_ID is required");
		assertThatIllegalStateException().isThrownBy(() -> production(newKey(), ""))
			.withMessageContaining("keyId:base64");
	}

	@Test
	void productionRefusesTheDevelopmentKeyUnderAnyName() {
		EncryptionKeys dev = EncryptionKeys.from(new LocationEncryptionProperties("", "", "local"));
		assertThat(dev.activeKeyId()).isEqualTo("dev-local");
		String devMaterial = Base64.getEncoder().encodeToString(dev.active().getEncoded());
		assertThatIllegalStateException().isThrownBy(() -> production("dev-local:" + newKey(), "dev-local"))
			.withMessageContaining("development key");
		assertThatIllegalStateException().isThrownBy(() -> production("prod:" + devMaterial, "prod"))
			.withMessageContaining("committed development key");
	}

	@Test
	void productionStartsWithARealKey() {
		EncryptionKeys keys = production("k1:" + newKey(), "k1");
		assertThat(keys.activeKeyId()).isEqualTo("k1");
	}

	@Test
	void theServiceRefusesToStartInProductionWithoutAKey() {
		this.contextRunner.withPropertyValues("bowwow.location.encryption.environment=production")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("LOCATION_ENCRYPTION_KEYS is required when BOWWOW_ENVIRONMENT=production"));
		this.contextRunner
			.withPropertyValues("bowwow.location.encryption.environment=production",
					"bowwow.location.encryption.keys=k1:" + newKey())
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PositionCipher.class));
	}

	@Test
	void eachValueGetsItsOwnNonceAndOpensOnlyForItsUser() {
		PositionCipher cipher = new PositionCipher(production("k1:" + newKey(), "k1"));
		SealedPosition first = cipher.seal(this.user, this.here);
		SealedPosition second = cipher.seal(this.user, this.here);
		assertThat(first.keyId()).isEqualTo("k1");
		assertThat(first.sealed()).hasSize(12 + 16 + 16).isNotEqualTo(second.sealed());
		assertThat(cipher.open(this.user, first)).isEqualTo(this.here);
		assertThatThrownBy(() -> cipher.open(UserId.random(), first))
			.isInstanceOf(UndecryptablePositionException.class);
		byte[] tampered = first.sealed().clone();
		tampered[20] ^= 1;
		assertThatThrownBy(() -> cipher.open(this.user, new SealedPosition("k1", tampered)))
			.isInstanceOf(UndecryptablePositionException.class);
	}

	@Test
	void rotationKeepsOldCiphertextReadable() {
		String k1 = newKey();
		PositionCipher before = new PositionCipher(production("k1:" + k1, "k1"));
		SealedPosition old = before.seal(this.user, this.here);
		PositionCipher after = new PositionCipher(production("k1:" + k1 + ",k2:" + newKey(), "k2"));
		assertThat(after.open(this.user, old)).isEqualTo(this.here);
		assertThat(after.seal(this.user, this.here).keyId()).isEqualTo("k2");
		PositionCipher withoutK1 = new PositionCipher(production("k2:" + newKey(), "k2"));
		assertThatThrownBy(() -> withoutK1.open(this.user, old)).isInstanceOf(UndecryptablePositionException.class)
			.hasMessageContaining("no key 'k1'");
	}

	private static EncryptionKeys production(String keys, String active) {
		return EncryptionKeys.from(new LocationEncryptionProperties(keys, active, "production"));
	}

	private static String newKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LocationEncryptionProperties.class)
	static class PropertiesConfiguration {

	}

}
