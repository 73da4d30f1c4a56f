package com.bowwow.analytics.operations;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param metrics each service's Prometheus endpoint (its management port), by service
 * name; a blank URL leaves that service out
 * @param streams the event streams whose consumer groups are shown
 * @param scrapeTimeout how long one scrape may take (an unreachable service must not hold
 * the dashboard)
 * @param cacheFor how long one reading is reused (every open dashboard refreshes every 15
 * s)
 * @param window rates and lateness are computed over the scrapes of this last span (over
 * the process's life until a second scrape exists)
 */
@ConfigurationProperties("bowwow.analytics.operations")
public record OperationsProperties(@DefaultValue Map<String, String> metrics, @DefaultValue( {
		"bowwow:events:user", "bowwow:events:location", "bowwow:events:signal",
		"bowwow:events:push" }) List<String> streams, @DefaultValue("2s") Duration scrapeTimeout,
		@DefaultValue("5s") Duration cacheFor, @DefaultValue("5m") Duration window){

}
