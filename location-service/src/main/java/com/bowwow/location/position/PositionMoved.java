package com.bowwow.location.position;

/**
 * Published (in-process) when a visible user's newest position changed; the stream fans
 * it out to subscribers on every instance.
 */
public record PositionMoved(StoredPosition position) {

}
