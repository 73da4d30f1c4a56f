package com.bowwow.location.position;

import java.time.Instant;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;

/** A user's newest position, decrypted. Internal: never on the wire. */
public record StoredPosition(UserId userId, Coordinates coordinates, Instant reportedAt) {

}
