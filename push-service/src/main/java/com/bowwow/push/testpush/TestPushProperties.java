package com.bowwow.push.testpush;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param minInterval at most one test push per user per this period
 * @param perHour and at most this many per user per hour
 */
@ConfigurationProperties("bowwow.push.test")
record TestPushProperties(@DefaultValue("10s") Duration minInterval, @DefaultValue("5") int perHour) {

}
