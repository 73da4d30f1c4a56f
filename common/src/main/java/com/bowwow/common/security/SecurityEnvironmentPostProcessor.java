package com.bowwow.common.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the deployment's variable names ({@code JWT_VERIFICATION_KEYS},
 * {@code OPERATOR_TOKEN}) onto {@code bowwow.security.*} at the lowest precedence, so
 * every service reads them the same way without repeating placeholders in its own YAML,
 * and a service's YAML or a test can still override them.
 */
public class SecurityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "bowwowSecurityDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME, Map.of("bowwow.security.jwt.verification-keys",
					"${JWT_VERIFICATION_KEYS:}", "bowwow.security.operator.token", "${OPERATOR_TOKEN:}")));
	}

}
