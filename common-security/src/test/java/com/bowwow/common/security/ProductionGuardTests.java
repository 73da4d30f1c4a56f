package com.bowwow.common.security;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** A service configured for production does not start on development defaults. */
class ProductionGuardTests {

	private static final String REAL_KEYS = new JWKSet(SecurityAutoConfigurationTests.key("2026-11").toPublicJWK())
		.toString();

	@Test
	void refusesToStartWithoutVerificationKeys() {
		assertThatThrownBy(() -> start("bowwow.environment=production"))
			.hasStackTraceContaining("JWT_VERIFICATION_KEYS must be set in production");
	}

	@Test
	void withoutAnEnvironmentItIsProductionAndRefusesTheDevelopmentKey() {
		assertThatThrownBy(() -> start()).hasStackTraceContaining("JWT_VERIFICATION_KEYS must be set in production");
		assertThatThrownBy(() -> start("bowwow.environment=",
				"bowwow.security.jwt.verification-keys=" + DevelopmentKeys.VERIFICATION_KEYS))
			.hasStackTraceContaining("not accepted in production");
	}

	@Test
	void localIsOnlyWhatItSaysExplicitly() {
		assertThatNoException().isThrownBy(() -> start("bowwow.environment=local"));
	}

	@Test
	void refusesTheCommittedDevelopmentKey() {
		assertThatThrownBy(() -> start("bowwow.environment=production",
				"bowwow.security.jwt.verification-keys=" + DevelopmentKeys.VERIFICATION_KEYS))
			.hasStackTraceContaining("not accepted in production");
	}

	@Test
	void refusesOperatorPathsWithoutAStrongOperatorToken() {
		assertThatThrownBy(
				() -> start("bowwow.environment=production", "bowwow.security.jwt.verification-keys=" + REAL_KEYS,
						"bowwow.security.operator.paths=/api/v1/ops/**", "bowwow.security.operator.token="))
			.hasStackTraceContaining("OPERATOR_TOKEN must be set in production");
		assertThatThrownBy(
				() -> start("bowwow.environment=production", "bowwow.security.jwt.verification-keys=" + REAL_KEYS,
						"bowwow.security.operator.paths=/api/v1/ops/**", "bowwow.security.operator.token=short"))
			.hasStackTraceContaining("too short");
	}

	@Test
	void startsWithRealKeys() {
		assertThatNoException().isThrownBy(() -> start("bowwow.environment=production",
				"bowwow.security.jwt.verification-keys=" + REAL_KEYS, "bowwow.security.operator.paths=/api/v1/ops/**",
				"bowwow.security.operator.token=" + SecurityAutoConfigurationTests.OPERATOR_TOKEN));
	}

	private static void start(String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "server.port=0";
		all[1] = "spring.application.name=guarded-service";
		System.arraycopy(properties, 0, all, 2, properties.length);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecurityTestApplication.class)
			.properties(all)
			.run()) {
			// started: the caller's assertion decides whether that was right
		}
	}

}
