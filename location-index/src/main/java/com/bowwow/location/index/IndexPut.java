package com.bowwow.location.index;

/**
 * What {@link SpatialIndex#putReplacing} did.
 *
 * @param changed whether the index took the position (it was newer)
 * @param replaced the position it replaced (however old), or null when it held none or
 * did not change
 */
public record IndexPut(boolean changed, IndexedPosition replaced) {

}
