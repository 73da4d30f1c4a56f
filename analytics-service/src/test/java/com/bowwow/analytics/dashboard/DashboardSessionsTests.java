package com.bowwow.analytics.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardSessionsTests {

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

	private final DashboardSessions sessions = sessions("operator-token-for-these-tests", NOW);

	@Test
	void anIssuedSessionIsValidUntilItExpires() {
		String session = this.sessions.issue();
		assertThat(this.sessions.isValid(session)).isTrue();
		assertThat(sessions("operator-token-for-these-tests", NOW.plus(Duration.ofHours(8)).minusSeconds(1))
			.isValid(session)).isTrue();
		assertThat(sessions("operator-token-for-these-tests", NOW.plus(Duration.ofHours(8))).isValid(session))
			.isFalse();
	}

	@Test
	void theCookieNeverContainsTheToken() {
		assertThat(this.sessions.issue()).doesNotContain("operator-token-for-these-tests").startsWith("v1.");
	}

	@Test
	void anotherOperatorTokenEndsEverySession() {
		assertThat(sessions("a-rotated-operator-token", NOW).isValid(this.sessions.issue())).isFalse();
	}

	@Test
	void tamperedSessionsAreRefused() {
		String session = this.sessions.issue();
		String[] parts = session.split("\\.");
		String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 86400) + "." + parts[2] + "." + parts[3];
		assertThat(this.sessions.isValid(longer)).isFalse();
		assertThat(this.sessions.isValid(session.substring(0, session.length() - 2))).isFalse();
		assertThat(this.sessions.isValid(session + ".x")).isFalse();
		assertThat(this.sessions.isValid("")).isFalse();
		assertThat(this.sessions.isValid("v1.9999999999.AAAA.!!!")).isFalse();
		assertThat(this.sessions.isValid(null)).isFalse();
	}

	@Test
	void theOperatorTokenIsRecognised() {
		assertThat(this.sessions.isOperatorToken("operator-token-for-these-tests")).isTrue();
		assertThat(this.sessions.isOperatorToken("operator-token-for-these-test")).isFalse();
		assertThat(this.sessions.isOperatorToken(null)).isFalse();
	}

	@Test
	void withoutAnOperatorTokenNobodyGetsIn() {
		DashboardSessions disabled = sessions(null, NOW);
		assertThat(disabled.isConfigured()).isFalse();
		assertThat(disabled.isOperatorToken("")).isFalse();
		assertThat(disabled.isValid(this.sessions.issue())).isFalse();
	}

	private static DashboardSessions sessions(String token, Instant now) {
		return new DashboardSessions(token, Duration.ofHours(8), Clock.fixed(now, ZoneOffset.UTC));
	}

}
