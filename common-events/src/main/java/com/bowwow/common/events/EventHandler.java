package com.bowwow.common.events;

/**
 * Handles events of one subscription. Returning normally acknowledges the entry; throwing
 * leaves it pending for a later redelivery. Must be idempotent (see the package
 * documentation).
 */
@FunctionalInterface
public interface EventHandler {

	void handle(ReceivedEvent event) throws Exception;

}
