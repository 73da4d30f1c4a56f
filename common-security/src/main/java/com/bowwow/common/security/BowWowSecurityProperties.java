package com.bowwow.common.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;

/**
 * Token validation settings. {@code JWT_VERIFICATION_KEYS} and {@code OPERATOR_TOKEN}
 * reach these properties without per-service YAML (see
 * {@link SecurityEnvironmentPostProcessor}).
 *
 * @param jwt how user access tokens are verified
 * @param operator the operator credential and the paths that require it
 * @param publicPaths what this service serves without a token, beside {@code GET /health}
 * and the error page (which every service serves so)
 */
@ConfigurationProperties("bowwow.security")
public record BowWowSecurityProperties(@DefaultValue Jwt jwt, @DefaultValue Operator operator,
		@DefaultValue List<PublicPath> publicPaths) {

	/**
	 * @param verificationKeys JWK Set JSON of the public keys accepted (several during a
	 * rotation); empty outside production means the committed development key
	 * @param clockSkew tolerance for {@code exp} and {@code nbf} between machines
	 * @param verifiedTokens how many verified tokens to remember
	 * ({@link VerifiedTokens}): 10,000 (about 2 MiB) suits a service task's memory; a
	 * task that serves more active phones within five minutes checks the others'
	 * signatures again
	 */
	public record Jwt(String verificationKeys, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue("10000") int verifiedTokens) {

	}

	/**
	 * @param paths Ant-style path patterns that only the operator may call (any method);
	 * user tokens are refused there
	 * @param token the operator credential, compared in constant time; empty means no
	 * operator access (refused in production when paths are configured)
	 */
	public record Operator(@DefaultValue List<String> paths, String token) {

	}

	/**
	 * @param method the HTTP method; empty means any
	 * @param path a path pattern
	 */
	public record PublicPath(HttpMethod method, String path) {

	}

}
