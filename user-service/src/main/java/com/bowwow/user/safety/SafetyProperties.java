package com.bowwow.user.safety;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the safety feature.
 *
 * @param modelCheckInterval how often each instance checks that the Redis read model is
 * present (and rebuilds it from PostgreSQL when it is not), and lifts suspensions whose
 * {@code until} has passed ({@code BOWWOW_SAFETY_CHECK_INTERVAL})
 * @param rebuildLockTimeout how long a rebuild waits for in-flight writes before giving
 * up until the next check
 */
@ConfigurationProperties("bowwow.user.safety")
record SafetyProperties(@DefaultValue("5s") Duration modelCheckInterval,
		@DefaultValue("5s") Duration rebuildLockTimeout) {

}
