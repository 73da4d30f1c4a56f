package com.bowwow.signal.sending;

import java.net.URI;
import java.time.Duration;

import com.bowwow.location.api.UsersWithin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param locationServiceUrl base URL of location-service (its internal API)
 * @param locationTimeout how long a send waits for location-service
 * @param cooldown one signal per sender per this period
 * @param lateArrivalsInterval how often a travelling wave looks for people who came
 * within reach after it left
 * @param firstAudience how many of the nearest receivers a wave is planned with before it
 * leaves; the rest of a larger audience is planned right after (finding and storing
 * 10,000 takes a few hundred milliseconds, which the nearest would otherwise be late by)
 */
@ConfigurationProperties("bowwow.signal")
record SendingProperties(URI locationServiceUrl, @DefaultValue("3s") Duration locationTimeout,
		@DefaultValue("1h") Duration cooldown, @DefaultValue("500ms") Duration lateArrivalsInterval,
		@DefaultValue("500") int firstAudience) {

	SendingProperties {
		if (firstAudience < 1 || firstAudience > UsersWithin.MAX_LIMIT) {
			throw new IllegalArgumentException(
					"bowwow.signal.first-audience must be between 1 and " + UsersWithin.MAX_LIMIT);
		}
	}

}
