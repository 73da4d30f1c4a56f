package com.bowwow.location.nearby;

import java.time.Instant;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/** One entry of the nearby list (client shape). */
record NearbyUser(UserId userID, double distance, DistanceUnit unit, CompassDirection direction, Instant lastSeen) {

}
