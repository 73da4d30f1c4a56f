package com.bowwow.user.safety;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The safety feature's settings and its scheduled maintenance. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SafetyProperties.class)
@EnableScheduling
class SafetyConfiguration {

}
