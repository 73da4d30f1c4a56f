/**
 * Issuing access tokens: ES256 JWTs signed with the configured key, in the shape every
 * service's validator expects (see {@link com.bowwow.common.security.AccessTokens}), and
 * revoking all of a user's tokens when the account is deleted.
 */
package com.bowwow.user.token;
