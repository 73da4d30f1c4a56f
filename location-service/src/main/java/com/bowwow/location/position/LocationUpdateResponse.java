package com.bowwow.location.position;

import java.time.Instant;

import com.bowwow.common.id.UserId;

/**
 * Answer to a position update. Every valid update is accepted (200); {@code status} says
 * whether it became the user's newest position ({@code stored}) or was older than the
 * stored one ({@code ignored_older}) or already expired ({@code ignored_expired}).
 */
record LocationUpdateResponse(UserId userID, String status, Instant timestamp) {

}
