/**
 * Authentication at the edge: user access tokens (ES256 JWTs from user-service) are
 * verified and checked against the revocation list before a request reaches a service;
 * operator requests must at least carry a bearer credential; client-supplied identity
 * headers never pass.
 */
package com.bowwow.gateway.security;
