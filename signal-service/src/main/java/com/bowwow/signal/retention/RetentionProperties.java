package com.bowwow.signal.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keep how long signals and their receipts are kept (aggregates in analytics
 * outlive them)
 * @param batch rows deleted per statement, so that no purge holds locks for long
 */
@ConfigurationProperties("bowwow.signal.retention")
public record RetentionProperties(@DefaultValue("30d") Duration keep, @DefaultValue("5000") int batch) {

}
