package com.bowwow.signal.sending;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param locationServiceUrl base URL of location-service (its internal API)
 * @param locationTimeout how long a send waits for location-service
 * @param cooldown one signal per sender per this period
 * @param lateArrivalsInterval how often a travelling wave looks for people who came
 * within reach after it left
 */
@ConfigurationProperties("bowwow.signal")
record SendingProperties(URI locationServiceUrl, @DefaultValue("3s") Duration locationTimeout,
		@DefaultValue("1h") Duration cooldown, @DefaultValue("500ms") Duration lateArrivalsInterval) {

}
