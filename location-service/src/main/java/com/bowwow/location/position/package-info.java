/**
 * Position updates: {@code POST /api/v1/locations/update}, the encrypted
 * {@code positions} table (one row per user, the newest report wins whatever the arrival
 * order), and keeping the live index and the stream's subscribers in step with it.
 */
package com.bowwow.location.position;
