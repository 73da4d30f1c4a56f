package com.bowwow.location.index;

import java.time.Instant;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;

/** A live position as the index holds it. */
public record IndexedPosition(UserId userId, Coordinates coordinates, Instant reportedAt) {

}
