package com.bowwow.gateway.express;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which paths the lane may be configured for: exact user-token API paths only. A public
 * path with a known token would be admitted as the user (the full chain ignores tokens
 * there), an operator path would skip the operator check, and the stream's upgrade is not
 * a request the lane can proxy.
 */
class ExpressLaneConfigurationTests {

	@Test
	void exactUserTokenPathsMayTakeTheLane() {
		assertThat(ExpressLaneConfiguration.eligible("/api/v1/locations/update")).isTrue();
		assertThat(ExpressLaneConfiguration.eligible("/api/v1/signals/send")).isTrue();
		assertThat(ExpressLaneConfiguration.eligible("/api/v1/locations/nearby/*")).isTrue();
	}

	@Test
	void publicOperatorAndStreamPathsMayNot() {
		for (String path : new String[] { "/api/v1/users/register", "/api/v1/users/token", "/api/v1/docs",
				"/api/v1/docs/location-service", "/api/v1/analytics/dashboard", "/api/v1/push/operator/dead-letters",
				"/api/v1/operator/reports", "/api/v1/locations/stream", "/api/v1/operator/*", "/api/v1/docs/*" }) {
			assertThat(ExpressLaneConfiguration.eligible(path)).as(path).isFalse();
		}
	}

	@Test
	void patternsAndNonCanonicalPathsMayNot() {
		for (String path : new String[] { null, "", "/health", "/api/v1/locations/**", "/api/v1/locations/{id}",
				"/api/v1/*/nearby", "/api/v1/locations/*/*", "/api/v1/locations/%75pdate", "/api/v1//locations",
				"/api/v1/locations/../users/register", "/api/v1/locations;x=1", "/api/v1/locations/",
				"/api/v1/locations?x=1", "api/v1/locations" }) {
			assertThat(ExpressLaneConfiguration.eligible(path)).as(String.valueOf(path)).isFalse();
		}
	}

}
