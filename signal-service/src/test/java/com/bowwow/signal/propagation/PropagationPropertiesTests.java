package com.bowwow.signal.propagation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PropagationPropertiesTests {

	/**
	 * The gathering window may be switched off, and must stay shorter than the poll
	 * interval: arrivals are leased a lookahead before they fall due, and a window that
	 * long would hold a batch past the next claim.
	 */
	@Test
	void theDispatchGatherIsAtLeastZeroAndShorterThanThePollInterval() {
		assertThat(properties(Duration.ZERO).dispatchGather()).isZero();
		assertThat(properties(Duration.ofMillis(5)).dispatchGather()).isEqualTo(Duration.ofMillis(5));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofMillis(-1)))
			.withMessageContaining("dispatch-gather");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofMillis(200)))
			.withMessageContaining("dispatch-gather");
	}

	private static PropagationProperties properties(Duration dispatchGather) {
		return new PropagationProperties(1.0, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(200),
				5000, Duration.ZERO, Duration.ofMillis(100), dispatchGather);
	}

}
