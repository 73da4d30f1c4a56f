package com.bowwow.gateway.security;

import java.time.Duration;

import com.bowwow.common.security.AccessTokens;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway verifies access tokens: the same contract (and property names) every
 * service uses.
 *
 * @param verificationKeys JWK Set JSON of the public EC keys that may have signed a token
 * (several during a key rotation); empty outside production means the committed
 * development key
 * @param issuer required {@code iss}
 * @param audience required member of {@code aud}
 * @param clockSkew tolerance for {@code exp}/{@code nbf} between hosts
 * @param verifiedTokens how many verified tokens to remember: the load balancer spreads
 * every phone over every gateway task, so this is sized for the task's active phones
 * within five minutes (50,000, about 10 MiB, the per-task plan); beyond it a request pays
 * the signature check again
 */
@ConfigurationProperties("bowwow.security.jwt")
record JwtVerificationProperties(String verificationKeys, @DefaultValue(AccessTokens.ISSUER) String issuer,
		@DefaultValue(AccessTokens.AUDIENCE) String audience, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue("50000") int verifiedTokens) {

}
