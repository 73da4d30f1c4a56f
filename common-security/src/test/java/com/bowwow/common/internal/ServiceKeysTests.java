package com.bowwow.common.internal;

import com.bowwow.common.security.DeploymentEnvironment;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

import static com.bowwow.common.security.DeploymentEnvironment.LOCAL;
import static com.bowwow.common.security.DeploymentEnvironment.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Service keys fail closed: production never runs without keys or on the committed ones.
 */
class ServiceKeysTests {

	@Test
	void localRunsFallBackToTheCommittedKeys() {
		assertThat(ServiceKeys.signingKey(null, "signal-service", LOCAL).orElseThrow().getKeyID())
			.isEqualTo("signal-service:dev-local");
		assertThat(ServiceKeys.verificationKeys("", LOCAL).getKeys()).hasSize(6)
			.allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
	}

	@Test
	void productionRefusesMissingVerificationKeysAndHasNoSigningKeyWithoutOne() {
		assertThatIllegalStateException().isThrownBy(() -> ServiceKeys.verificationKeys(" ", PRODUCTION))
			.withMessageContaining("SERVICE_VERIFICATION_KEYS must be set in production");
		assertThat(ServiceKeys.signingKey(null, "signal-service", PRODUCTION)).isEmpty();
	}

	@Test
	void productionRefusesTheCommittedKeysEvenRelabelled() throws Exception {
		ECKey dev = DevelopmentServiceKeys.signingKey("push-service").orElseThrow();
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.signingKey(dev.toJSONString(), "push-service", PRODUCTION))
			.withMessageContaining("not accepted in production");
		ECKey relabelled = new ECKey.Builder(dev).keyID("push-service:2026-12").build();
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.signingKey(relabelled.toJSONString(), "push-service", PRODUCTION));
		assertThatIllegalStateException().isThrownBy(
				() -> ServiceKeys.verificationKeys(new JWKSet(relabelled.toPublicJWK()).toString(), PRODUCTION));
		assertThatIllegalStateException().isThrownBy(
				() -> ServiceKeys.verificationKeys(DevelopmentServiceKeys.verificationKeys().toString(), PRODUCTION));
	}

	@Test
	void productionAcceptsFreshKeys() throws Exception {
		ECKey fresh = new ECKeyGenerator(Curve.P_256).keyID("push-service:2026-12").generate();
		assertThat(ServiceKeys.signingKey(fresh.toJSONString(), "push-service", PRODUCTION)).contains(fresh);
		JWKSet set = ServiceKeys.verificationKeys(new JWKSet(fresh.toPublicJWK()).toString(), PRODUCTION);
		assertThat(set.getKeyByKeyId("push-service:2026-12")).isNotNull();
	}

	@Test
	void aSigningKeyMustBeThisServicesOwnPrivateKey() throws Exception {
		ECKey other = new ECKeyGenerator(Curve.P_256).keyID("signal-service:1").generate();
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.signingKey(other.toJSONString(), "push-service", PRODUCTION))
			.withMessageContaining("push-service:<label>");
		ECKey own = new ECKeyGenerator(Curve.P_256).keyID("push-service:1").generate();
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.signingKey(own.toPublicJWK().toJSONString(), "push-service", PRODUCTION));
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.signingKey("{not json", "push-service", DeploymentEnvironment.LOCAL))
			.withMessage("SERVICE_SIGNING_KEY is not a JWK");
	}

	@Test
	void verificationKeysArePublicOwnedAndUnique() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("push-service:1").generate();
		ECKey unowned = new ECKeyGenerator(Curve.P_256).keyID("no-owner").generate();
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.verificationKeys("{\"keys\":[" + key.toJSONString() + "]}", PRODUCTION))
			.withMessageContaining("private key material");
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceKeys.verificationKeys(new JWKSet(unowned.toPublicJWK()).toString(), PRODUCTION));
		assertThatIllegalStateException().isThrownBy(() -> ServiceKeys.verificationKeys(
				"{\"keys\":[" + key.toPublicJWK().toJSONString() + "," + key.toPublicJWK().toJSONString() + "]}",
				PRODUCTION));
		assertThatIllegalStateException().isThrownBy(() -> ServiceKeys.verificationKeys("{\"keys\":[]}", LOCAL));
	}

}
