package com.bowwow.common.security;

import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * Where a service runs, from {@code BOWWOW_ENVIRONMENT} ({@code bowwow.environment}).
 * Production refuses development defaults such as the committed key pair. Unset or empty
 * means production: a deployment that forgets the variable must refuse to start without
 * real keys rather than trust keys anyone can read in the repository. {@code local} is
 * set explicitly by {@code ./run.sh} (devstack) and by the tests (test-support).
 */
public enum DeploymentEnvironment {

	LOCAL, PRODUCTION;

	public static final String PROPERTY = "bowwow.environment";

	public static DeploymentEnvironment of(Environment environment) {
		String value = environment.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
		return switch (value) {
			case "local" -> LOCAL;
			case "", "production" -> PRODUCTION;
			default -> throw new IllegalStateException(
					"BOWWOW_ENVIRONMENT must be 'local' or 'production', not '" + value + "'");
		};
	}

	public boolean isProduction() {
		return this == PRODUCTION;
	}

}
