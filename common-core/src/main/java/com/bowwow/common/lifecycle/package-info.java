/**
 * How background work starts and stops:
 * {@link com.bowwow.common.lifecycle.LifecyclePhase} names the order in which a stopping
 * service lets go of things, and {@link com.bowwow.common.lifecycle.BackgroundWorker}
 * owns the threads, the pauses between rounds and the wait for a round in flight, so no
 * worker builds its own.
 */
package com.bowwow.common.lifecycle;
