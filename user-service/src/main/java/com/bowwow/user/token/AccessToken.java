package com.bowwow.user.token;

import java.time.Instant;

/**
 * A freshly issued token.
 *
 * @param value the compact JWT
 * @param expiresAt when it stops being accepted
 */
public record AccessToken(String value, Instant expiresAt) {

}
