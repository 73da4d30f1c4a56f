/**
 * The user's own push records for {@code GET /api/v1/users/{userID}/export}, served on
 * {@code /internal/export/{userID}} to the service that assembles the document.
 */
package com.bowwow.push.export;
