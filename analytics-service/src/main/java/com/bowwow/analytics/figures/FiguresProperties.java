package com.bowwow.analytics.figures;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Definitions behind the figures.
 *
 * @param signalLife how long a signal counts as active after it was sent (the domain's 10
 * minutes)
 * @param activeWindow how recently a user must have reported a position to count as
 * active in {@code /stats}
 */
@ConfigurationProperties("bowwow.analytics.figures")
record FiguresProperties(@DefaultValue("10m") Duration signalLife, @DefaultValue("24h") Duration activeWindow) {

}
