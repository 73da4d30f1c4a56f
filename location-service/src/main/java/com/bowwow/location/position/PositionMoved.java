package com.bowwow.location.position;

import com.bowwow.location.index.IndexedPosition;

/**
 * Published (in-process) when a visible user's newest position changed; the stream fans
 * it out to subscribers on every instance.
 *
 * @param position the new position
 * @param replaced the position the index held before (however old), or null when it held
 * none
 */
public record PositionMoved(StoredPosition position, IndexedPosition replaced) {

}
