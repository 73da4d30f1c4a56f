/**
 * The user's own data for {@code GET /api/v1/users/{userID}/export}: what signal-service
 * holds about them, served on {@code /internal/export/{userID}} to the service that
 * assembles the document.
 */
package com.bowwow.signal.export;
