/**
 * Service-to-service authentication for {@code /internal/**}.
 * <p>
 * A calling service signs a short-lived ES256 JWT with its own private key
 * ({@code SERVICE_SIGNING_KEY}): {@code iss} = the calling service, {@code sub} =
 * {@code service:<caller>}, {@code aud} = the service called, 60 s by default
 * ({@link com.bowwow.common.internal.ServiceTokens}, attached by an HTTP client
 * interceptor). Every servlet service verifies those tokens on {@code /internal/**}
 * against the JWK Set of the callers' public keys ({@code SERVICE_VERIFICATION_KEYS}),
 * where a key ID names the service that owns it ({@code <service>:<label>}), so one
 * service's key cannot speak for another. Which caller may call which path is one list
 * per service ({@code bowwow.internal.access}), checked in one filter
 * ({@link com.bowwow.common.internal.ServiceTokenFilter}); a path with no rule is refused
 * to everyone. User access tokens and the operator token never open {@code /internal/**}.
 * <p>
 * Outside production, missing keys fall back to committed development keys
 * ({@link com.bowwow.common.internal.DevelopmentServiceKeys}); production refuses them
 * and refuses to start without keys.
 */
package com.bowwow.common.internal;
