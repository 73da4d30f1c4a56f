/**
 * Access-token validation shared by every servlet service: a stateless Spring Security
 * resource server that accepts the ES256 tokens user-service issues, refuses those of
 * deleted users, and answers 401/403 as problem details.
 *
 * <p>
 * Configuration ({@code JWT_VERIFICATION_KEYS}, {@code BOWWOW_ENVIRONMENT},
 * {@code OPERATOR_TOKEN}) is read without any per-service YAML; see
 * {@link com.bowwow.common.security.BowWowSecurityProperties}. Controllers take the
 * caller as {@code @AuthenticationPrincipal AuthenticatedUser caller} and call
 * {@link com.bowwow.common.security.AuthenticatedUser#requireSelf} for the user named in
 * the path or body. A service that needs operator-only endpoints lists them in
 * {@code bowwow.security.operator.paths}; those paths accept only the operator
 * credential.
 */
package com.bowwow.common.security;
