package com.bowwow.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestPathsTests {

	@Test
	void encodedLettersBecomeTheLettersTheRouterAndTheServiceSee() {
		assertThat(RequestPaths.canonical("/%61pi/v1/users/%72egister")).isEqualTo("/api/v1/users/register");
		assertThat(RequestPaths.canonical("/api/%76%31/%75sers/register")).isEqualTo("/api/v1/users/register");
		assertThat(RequestPaths.canonical("/api/v1/users/%7Eme%2a")).isEqualTo("/api/v1/users/~me*");
	}

	@Test
	void canonicalPathsStayAsTheyAre() {
		for (String path : new String[] { "/", "/health", "/api/v1/users/register", "/api/v1/users/",
				"/api/v1/users/3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13/settings", "/api/v1/x%20y", "/caf%C3%A9" }) {
			assertThat(RequestPaths.canonical(path)).isEqualTo(path);
		}
		// Lower-case escapes of characters that must stay escaped are normalised.
		assertThat(RequestPaths.canonical("/caf%c3%a9")).isEqualTo("/caf%C3%A9");
	}

	@Test
	void ambiguousPathsAreRefused() {
		for (String path : new String[] { "", "api", "/api/../internal", "/api/./v1", "/api/%2e%2e/internal",
				"/api/%2E/v1", "/api/v1/users/..%2f..%2finternal", "/api/v1/users%2Fregister", "/api/v1/users%5cx",
				"/api\\v1", "/api//v1", "/api/v1/users/x;/../internal", "/api/v1/x%3Bjsessionid", "/api/v1/%00",
				"/api/v1/x%0a", "/api/v1/%7f", "/api/v1/%zz", "/api/v1/%", "/api/v1/%4", "/api/v1/%E2%82%28",
				"/api/v1/%C0%AF", "/api/v1/%ED%A0%80", "/api/v1/%2561", "/api/v1/{userID}", "/api/v1/a b",
				"/api/v1/caf\u00e9", "/api/v1/%C2%85" }) {
			assertThatIllegalArgumentException().as(path).isThrownBy(() -> RequestPaths.canonical(path));
		}
	}

}
