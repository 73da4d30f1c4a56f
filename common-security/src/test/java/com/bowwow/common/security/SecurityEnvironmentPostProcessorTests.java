package com.bowwow.common.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityEnvironmentPostProcessorTests {

	private final SecurityEnvironmentPostProcessor processor = new SecurityEnvironmentPostProcessor();

	@Test
	void deploymentVariablesBecomeSecurityProperties() {
		MockEnvironment environment = new MockEnvironment().withProperty("JWT_VERIFICATION_KEYS", "{\"keys\":[]}")
			.withProperty("OPERATOR_TOKEN", "secret");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("bowwow.security.jwt.verification-keys")).isEqualTo("{\"keys\":[]}");
		assertThat(environment.getProperty("bowwow.security.operator.token")).isEqualTo("secret");
	}

	@Test
	void unsetVariablesHideNothing() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(SecurityEnvironmentPostProcessor.SOURCE_NAME)).isFalse();
	}

	@Test
	void explicitPropertiesWin() {
		MockEnvironment environment = new MockEnvironment().withProperty("JWT_VERIFICATION_KEYS", "from-variable")
			.withProperty("bowwow.security.jwt.verification-keys", "from-yaml");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("bowwow.security.jwt.verification-keys")).isEqualTo("from-yaml");
	}

}
