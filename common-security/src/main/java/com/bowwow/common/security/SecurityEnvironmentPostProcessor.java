package com.bowwow.common.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the deployment's variable names ({@code JWT_VERIFICATION_KEYS},
 * {@code OPERATOR_TOKEN}) onto {@code bowwow.security.*}, so every service reads them the
 * same way without repeating placeholders in its own YAML. Only variables that are set
 * are mapped, at the lowest precedence: a service's YAML or a test can still override
 * them, and an unset variable never hides a value given elsewhere.
 */
public class SecurityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "bowwowSecurityVariables";

	private static final Map<String, String> VARIABLES = Map.of("JWT_VERIFICATION_KEYS",
			"bowwow.security.jwt.verification-keys", "OPERATOR_TOKEN", "bowwow.security.operator.token");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> mapped = new LinkedHashMap<>();
		VARIABLES.forEach((variable, property) -> {
			if (environment.containsProperty(variable)) {
				mapped.put(property, "${" + variable + "}");
			}
		});
		if (!mapped.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, mapped));
		}
	}

}
