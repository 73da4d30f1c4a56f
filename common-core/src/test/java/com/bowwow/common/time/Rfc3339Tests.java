package com.bowwow.common.time;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Rfc3339Tests {

	@Test
	void outputHasWholeSecondsAndZ() {
		assertThat(Rfc3339.format(Instant.parse("2026-11-26T12:34:56.789Z"))).isEqualTo("2026-11-26T12:34:56Z");
		assertThat(Rfc3339.format(Instant.parse("2026-11-26T12:34:56Z"))).isEqualTo("2026-11-26T12:34:56Z");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-26T12:34:56Z", "2026-11-26T12:34:56.000Z", "2026-11-26T13:34:56+01:00",
			"2026-11-26T07:34:56-05:00", "2026-11-26t12:34:56z", "2026-11-26T12:34:56.000000Z" })
	void inputAcceptsEveryRfc3339Form(String text) {
		assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse("2026-11-26T12:34:56Z"));
	}

	@Test
	void fractionsAreKeptOnInput() {
		assertThat(Rfc3339.parse("2026-11-26T12:34:56.25Z")).isEqualTo(Instant.parse("2026-11-26T12:34:56.250Z"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "2026-11-26", "2026-11-26T12:34:56", "yesterday", "1764160496", "2026-13-26T12:34:56Z" })
	void nonRfc3339InputIsRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Rfc3339.parse(text));
	}

}
