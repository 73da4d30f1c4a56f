package com.bowwow.gateway.security;

import java.util.List;
import java.util.Objects;

import com.bowwow.common.id.Uuids;
import com.bowwow.common.security.Es256;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the access-token verifier of the identity contract: ES256 only, a key from the
 * configured set (chosen by {@code kid}), the BowWow issuer and audience, an expiry, and
 * a lowercase user UUID as subject.
 */
final class AccessTokenDecoders {

	private AccessTokenDecoders() {
	}

	static ReactiveJwtDecoder signatureAndClaims(JWKSet keys, JwtVerificationProperties properties) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		// Only ES256: a token cannot choose a weaker algorithm (or "none") for itself.
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys)));
		processor.setJWSVerifierFactory(Es256.verifierFactory());
		processor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		// Claims are checked by Spring's validators below, with one clock-skew setting.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(
				(jwt) -> Mono.fromCallable(() -> processor.process(jwt, null))
					// Any verification failure is the client's bad token (401), not a
					// server error.
					.onErrorMap((ex) -> new BadJwtException("Invalid access token: " + ex.getMessage(), ex)));
		decoder.setJwtValidator(validator(properties));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(JwtVerificationProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(properties.clockSkew()),
				new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience())),
				new JwtClaimValidator<String>(JwtClaimNames.SUB, Uuids::isCanonicalLowercase)));
	}

}
