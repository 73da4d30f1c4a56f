package com.bowwow.analytics.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sessionLifetime how long a dashboard login lasts
 */
@ConfigurationProperties("bowwow.analytics.dashboard")
record DashboardProperties(@DefaultValue("8h") Duration sessionLifetime) {

}
