package com.bowwow.push.delivery;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(2));

	@Test
	void theCapDoublesUntilTheMaximum() {
		assertThat(this.backoff.cap(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.cap(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.backoff.cap(3)).isEqualTo(Duration.ofSeconds(8));
		assertThat(this.backoff.cap(7)).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.backoff.cap(1000)).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void fullJitterSpreadsDelaysOverTheWholeWindow() {
		RandomGenerator random = new SplittableRandom(42);
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 10_000; i++) {
			long delay = this.backoff.delay(3, random).toMillis();
			min = Math.min(min, delay);
			max = Math.max(max, delay);
		}
		assertThat(min).isBetween(0L, 100L);
		assertThat(max).isBetween(7_900L, 8_000L);
	}

	@Test
	void extremesAreTheEndsOfTheWindow() {
		assertThat(this.backoff.delay(2, fixed(0))).isZero();
		assertThat(this.backoff.delay(2, fixed(4_000))).isEqualTo(Duration.ofSeconds(4));
	}

	private static RandomGenerator fixed(long value) {
		return new RandomGenerator() {
			@Override
			public long nextLong() {
				return value;
			}

			@Override
			public long nextLong(long bound) {
				return Math.min(value, bound - 1);
			}
		};
	}

}
