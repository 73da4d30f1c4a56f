/**
 * The contract between signal-service and the services that react to signals
 * (push-service, analytics-service): the {@link com.bowwow.signal.api.SignalEvent}
 * records, the stream they travel on
 * ({@link com.bowwow.signal.api.SignalEvents#DESCRIPTOR}) with a serialised example of
 * each under {@code examples/} beside these classes, and
 * {@link com.bowwow.signal.api.SignalKind}.
 */
package com.bowwow.signal.api;
