/**
 * {@code GET /internal/export/{userID}} → {@link com.bowwow.location.api.LocationExport}:
 * what location-service holds about a user (their own exact position, decrypted, and
 * their projected settings), for user-service's export of the caller's own data
 * ({@code GET /api/v1/users/{userID}/export}). Internal only: never routed by the
 * gateway.
 */
package com.bowwow.location.export;
