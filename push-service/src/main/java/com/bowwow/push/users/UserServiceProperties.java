package com.bowwow.push.users;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url base URL of user-service's internal API ({@code USER_SERVICE_URL})
 * @param timeout how long one call may take before the attempt counts as failed
 */
@ConfigurationProperties("bowwow.push.user-service")
record UserServiceProperties(@DefaultValue("http://localhost:8001") URI url, @DefaultValue("2s") Duration timeout) {

}
