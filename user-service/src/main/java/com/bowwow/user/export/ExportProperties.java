package com.bowwow.user.export;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the other services' sections of a user's export come from.
 *
 * @param locationServiceUrl {@code LOCATION_SERVICE_URL}
 * @param signalServiceUrl {@code SIGNAL_SERVICE_URL}
 * @param pushServiceUrl {@code PUSH_SERVICE_URL}
 * @param timeout how long each may take to answer ({@code BOWWOW_EXPORT_TIMEOUT})
 */
@ConfigurationProperties("bowwow.user.export")
record ExportProperties(@DefaultValue("http://localhost:8002") URI locationServiceUrl,
		@DefaultValue("http://localhost:8003") URI signalServiceUrl,
		@DefaultValue("http://localhost:8004") URI pushServiceUrl, @DefaultValue("5s") Duration timeout) {

}
