package com.bowwow.common.autoconfigure;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's Redis client leaves out Lettuce's own latency histograms (about 5 MiB
 * of heap and a histogram write per command, read by nothing).
 */
class LettuceDefaultsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BowWowCoreAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void theRedisClientRecordsNoCommandLatencies() {
		this.contexts.run((context) -> {
			ClientResources resources = context.getBean(ClientResources.class);
			assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
		});
	}

	@Test
	void withoutItLettuceWouldRecordThem() {
		// the premise: LatencyUtils is on every service's class path, so Lettuce's
		// default would be on
		ClientResources defaults = ClientResources.create();
		try {
			assertThat(defaults.commandLatencyRecorder().isEnabled()).isTrue();
		}
		finally {
			defaults.shutdown();
		}
	}

}
