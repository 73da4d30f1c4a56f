package com.bowwow.push.apns;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.bowwow.common.security.DeploymentEnvironment;

/**
 * Chooses how pushes leave: the credentials are the only switch. None at all means log
 * mode (refused in production, where it would lose every push); all of them means real
 * APNs; anything in between stops the start with what is missing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApnsProperties.class)
class ApnsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApnsConfiguration.class);

	@Bean
	PushSender pushSender(ApnsProperties properties, Environment environment, MeterRegistry meters) {
		if (!properties.anyCredential()) {
			if (DeploymentEnvironment.of(environment).isProduction()) {
				throw new IllegalStateException("APNs credentials (APNS_SIGNING_KEY, "
						+ "APNS_KEY_ID, APNS_TEAM_ID, APNS_TOPIC) must be set in production");
			}
			log.warn("""

					******************************************************************
					*  NO APNs CREDENTIALS: push-service runs in LOG MODE.           *
					*  Pushes are written to the log and recorded as sent; nothing   *
					*  reaches a device. Set APNS_SIGNING_KEY, APNS_KEY_ID,          *
					*  APNS_TEAM_ID and APNS_TOPIC to send for real.                 *
					******************************************************************""");
			return new LoggingPushSender();
		}
		properties.requireComplete();
		return new PushyPushSender(properties, meters);
	}

}
