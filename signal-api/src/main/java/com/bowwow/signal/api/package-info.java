/**
 * The contract between signal-service and the services that react to signals
 * (push-service, analytics-service): event records and the stream they travel on.
 */
package com.bowwow.signal.api;
