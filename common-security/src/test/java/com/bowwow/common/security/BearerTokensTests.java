package com.bowwow.common.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BearerTokens} gives the answer of Spring Security's own resolver (the regular
 * expression it replaces) for every header: the same token, no token, or the same
 * {@code invalid_token} error.
 */
class BearerTokensTests {

	private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

	@Test
	void readsTheTokenOfAWellFormedHeader() {
		assertThat(BearerTokens.fromAuthorizationHeader("Bearer eyJhbGciOi.J9-_~+/x.sig=="))
			.isEqualTo("eyJhbGciOi.J9-_~+/x.sig==");
		assertThat(BearerTokens.fromAuthorizationHeader("bEaReR abc")).isEqualTo("abc");
		assertThat(BearerTokens.fromAuthorizationHeader(null)).isNull();
		assertThat(BearerTokens.fromAuthorizationHeader("Basic dXNlcjpwYXNz")).isNull();
	}

	@Test
	void refusesWhatTheSchemeNamesButIsNotAToken() {
		for (String header : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer a=b", "Bearer ===",
				"Bearerabc", "Bearer\tabc", "Bearer ab\u00e9", "Bearer a,b")) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class).as(header)
				.isThrownBy(() -> BearerTokens.fromAuthorizationHeader(header))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
		}
	}

	@Test
	void answersLikeSpringSecuritysResolverForGeneratedHeaders() {
		String alphabet = "aZ09-._~+/= \t,;:\"\\\u00e9\u212a\u0131\u017f";
		String[] prefixes = { "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Bearerx", "Basic ", "", "Bear ",
				"Bearer=" };
		Random random = new Random(20261205);
		List<String> headers = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}
		for (String header : headers) {
			assertThat(answer(() -> BearerTokens.fromAuthorizationHeader(header))).as("[%s]", header)
				.isEqualTo(answer(() -> this.spring.resolve(requestWith(header))));
		}
	}

	private static MockHttpServletRequest requestWith(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/locations/update");
		request.addHeader("Authorization", authorization);
		return request;
	}

	private static String answer(java.util.function.Supplier<String> resolver) {
		try {
			return "token:" + resolver.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error:" + ex.getError().getErrorCode() + ":" + ex.getError().getDescription();
		}
	}

}
