package com.bowwow.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API. The phone apps do not need CORS at all; it
 * matters only for web front ends, so the production default is none.
 *
 * @param allowedOrigins origin patterns (e.g. {@code https://app.bowwow.app},
 * {@code http://localhost:[*]}); empty means no cross-origin access
 * @param maxAge how long browsers may cache a preflight answer
 */
@ConfigurationProperties("bowwow.gateway.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

}
