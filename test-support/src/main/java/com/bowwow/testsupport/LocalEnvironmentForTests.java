package com.bowwow.testsupport;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Services treat an unset {@code BOWWOW_ENVIRONMENT} as production and refuse development
 * defaults. Every application a test starts (test-support is a test-scoped dependency,
 * never in an image) is local unless the test says otherwise: the value is added at the
 * lowest precedence, so a test's own {@code bowwow.environment} wins. So is a short
 * warm-up ({@code bowwow.warmup.rounds}): every test context warms its service's request
 * paths twice, and the tests of a warm-up run its rounds themselves.
 */
public class LocalEnvironmentForTests implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("bowwowTestEnvironment",
					Map.of("bowwow.environment", "local", "bowwow.warmup.rounds", "2")));
	}

}
