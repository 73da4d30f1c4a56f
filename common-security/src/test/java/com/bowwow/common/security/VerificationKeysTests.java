package com.bowwow.common.security;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerificationKeysTests {

	@Test
	void localFallsBackToTheDevelopmentKey() {
		VerificationKeys keys = VerificationKeys.parse("", DeploymentEnvironment.LOCAL);
		assertThat(keys.keyIds()).containsExactly(AccessTokens.DEV_KEY_ID);
		assertThat(keys.usesDevelopmentKey()).isTrue();
	}

	@Test
	void productionNeedsKeysAndRefusesTheDevelopmentKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> VerificationKeys.parse(" ", DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("JWT_VERIFICATION_KEYS must be set in production");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> VerificationKeys.parse(DevelopmentKeys.VERIFICATION_KEYS, DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("not accepted in production");
	}

	@Test
	void productionAcceptsSeveralRealKeysForRotation() throws Exception {
		ECKey current = new ECKeyGenerator(Curve.P_256).keyID("2026-11").generate();
		ECKey previous = new ECKeyGenerator(Curve.P_256).keyID("2026-05").generate();
		String json = new JWKSet(java.util.List.of(current.toPublicJWK(), previous.toPublicJWK())).toString();
		VerificationKeys keys = VerificationKeys.parse(json, DeploymentEnvironment.PRODUCTION);
		assertThat(keys.keyIds()).containsExactlyInAnyOrder("2026-11", "2026-05");
		assertThat(keys.usesDevelopmentKey()).isFalse();
	}

	@Test
	void refusesMalformedOrUnsuitableKeys() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> VerificationKeys.parse("{", DeploymentEnvironment.LOCAL))
			.withMessageContaining("not a JWK Set");
		assertThatIllegalStateException()
			.isThrownBy(() -> VerificationKeys.parse("{\"keys\":[]}", DeploymentEnvironment.LOCAL))
			.withMessageContaining("no keys");
		ECKey privateKey = new ECKeyGenerator(Curve.P_256).keyID("leaked").generate();
		assertThatIllegalStateException()
			.isThrownBy(
					() -> VerificationKeys.parse(new JWKSet(privateKey).toString(false), DeploymentEnvironment.LOCAL))
			.withMessageContaining("private key material");
		String rsa = new JWKSet(new RSAKeyGenerator(2048).keyID("rsa").generate().toPublicJWK()).toString();
		assertThatIllegalStateException().isThrownBy(() -> VerificationKeys.parse(rsa, DeploymentEnvironment.LOCAL))
			.withMessageContaining("not an EC P-256 key");
		String noKid = new JWKSet(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()).toString();
		assertThatIllegalStateException().isThrownBy(() -> VerificationKeys.parse(noKid, DeploymentEnvironment.LOCAL))
			.withMessageContaining("key ID");
	}

	@Test
	void environmentNamesAreStrict() {
		org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
		// Unset or empty is production: a deployment that forgets the variable fails
		// closed.
		assertThat(DeploymentEnvironment.of(environment)).isEqualTo(DeploymentEnvironment.PRODUCTION);
		environment.setProperty("bowwow.environment", " ");
		assertThat(DeploymentEnvironment.of(environment)).isEqualTo(DeploymentEnvironment.PRODUCTION);
		environment.setProperty("bowwow.environment", "Local");
		assertThat(DeploymentEnvironment.of(environment)).isEqualTo(DeploymentEnvironment.LOCAL);
		environment.setProperty("bowwow.environment", "Production");
		assertThat(DeploymentEnvironment.of(environment)).isEqualTo(DeploymentEnvironment.PRODUCTION);
		environment.setProperty("bowwow.environment", "prod");
		assertThatIllegalStateException().isThrownBy(() -> DeploymentEnvironment.of(environment));
	}

	@Test
	void requireSelfRefusesOtherUsers() {
		UserId alice = UserId.random();
		AuthenticatedUser caller = new AuthenticatedUser(alice);
		assertThatNoException().isThrownBy(() -> caller.requireSelf(UserId.parse(alice.toString())));
		assertThatThrownBy(() -> caller.requireSelf(UserId.random())).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.type()).isEqualTo(CommonProblem.FORBIDDEN));
	}

}
