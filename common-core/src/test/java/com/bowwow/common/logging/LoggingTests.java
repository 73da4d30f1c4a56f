package com.bowwow.common.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's own code logs through commons-logging, often as {@code logger.debug(message)}
 * with a message that formats itself lazily. Only a route that asks for the level first
 * keeps a disabled line free (META-INF/services/org.apache.commons.logging.LogFactory).
 */
class LoggingTests {

	@Test
	void aMessageBelowTheLevelIsNeverFormattedAndOneAboveItStillReachesLogback() {
		String name = "com.bowwow.common.logging.quiet";
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
		Log log = LogFactory.getLog(name);
		AtomicInteger formatted = new AtomicInteger();
		Object message = new Object() {
			@Override
			public String toString() {
				formatted.incrementAndGet();
				return "formatted";
			}
		};

		log.debug(message);
		log.trace(message);
		assertThat(formatted).as("times a disabled message was formatted").hasValue(0);

		log.info(message);
		assertThat(formatted).as("an enabled message is written").hasValue(1);
	}

}
