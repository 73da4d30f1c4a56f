package com.bowwow.location;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of location-service (see application.yml for the environment variables).
 *
 * @param retention how long a position lives after it was reported
 * @param maxFutureSkew how far in the future a reported timestamp may lie (phone clocks
 * drift)
 * @param redisNamespace prefix (and cluster hash tag) of the index keys
 * @param purgeInterval how often expired positions are deleted
 * @param indexCheckInterval how often each instance checks that the index is still there
 * @param nearbyStartRadiusMeters first ring of the nearby search
 * @param activityInterval at most one {@code LocationReported} event per user per this
 * interval (analytics needs activity, not every update)
 * @param streamSampleInterval how often the live stream's size is published for analytics
 * @param indexRepairInterval how often positions whose index write failed are repaired
 */
@ConfigurationProperties("bowwow.location")
public record LocationProperties(@DefaultValue("24h") Duration retention, @DefaultValue("60s") Duration maxFutureSkew,
		@DefaultValue("bowwow:location") String redisNamespace, @DefaultValue("1m") Duration purgeInterval,
		@DefaultValue("10s") Duration indexCheckInterval, @DefaultValue("250") double nearbyStartRadiusMeters,
		@DefaultValue("5m") Duration activityInterval, @DefaultValue("1m") Duration streamSampleInterval,
		@DefaultValue("5s") Duration indexRepairInterval) {

}
