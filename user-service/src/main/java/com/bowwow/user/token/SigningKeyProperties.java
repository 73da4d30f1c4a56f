package com.bowwow.user.token;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key user-service signs access tokens with.
 *
 * @param signingKey {@code JWT_SIGNING_KEY}: a private EC P-256 JWK with its {@code kid},
 * or a PKCS#8 PEM private key (then {@code signingKeyId} names it); empty outside
 * production means the committed development key
 * @param signingKeyId {@code JWT_SIGNING_KEY_ID}: the key ID for a PEM key
 */
@ConfigurationProperties("bowwow.security.jwt")
record SigningKeyProperties(String signingKey, String signingKeyId) {

}
