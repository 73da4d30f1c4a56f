package com.bowwow.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param services base URL of each downstream service, by service name
 * @param healthTimeout how long the aggregated health check waits for each service
 * @param docsTimeout how long the API description waits for each service's document
 */
@ConfigurationProperties("bowwow.gateway")
public record GatewayProperties(Map<String, URI> services, @DefaultValue("2s") Duration healthTimeout,
		@DefaultValue("5s") Duration docsTimeout) {

}
