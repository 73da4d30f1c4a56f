package com.bowwow.signal.sending;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.SafetyGuard;
import com.bowwow.signal.propagation.Wave.Candidate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failing closed: when the safety read model cannot be read (Redis unreachable), no wave
 * is planned and no arrival is let through unchecked.
 */
class SafeAudienceTests {

	private LettuceConnectionFactory unreachable;

	private StringRedisTemplate redis;

	@BeforeEach
	void redisThatIsNotThere() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.unreachable = new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		this.unreachable.afterPropertiesSet();
		this.unreachable.start();
		this.redis = new StringRedisTemplate(this.unreachable);
	}

	@AfterEach
	void close() {
		this.unreachable.destroy();
	}

	@Test
	void aSendIsRefusedAsUnavailableRatherThanPlannedUnchecked() {
		SafeAudience audience = new SafeAudience(new SafetyReads(this.redis));
		UserId sender = UserId.random();
		List<Candidate> candidates = List.of(new Candidate(UserId.random(), Coordinates.of(37.78, -122.4)));

		assertThatThrownBy(() -> audience.of(sender, candidates)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.type()).isEqualTo(SignalProblem.SIGNAL_UNAVAILABLE));
	}

	@Test
	void theDeliveryCheckFailsInsteadOfLettingArrivalsThrough() {
		SafetyGuard guard = new SafetyGuard(new SafetyReads(this.redis));
		Arrival arrival = new Arrival(java.util.UUID.randomUUID(), UserId.random(), UserId.random(),
				java.time.Instant.now(), 10, com.bowwow.common.geo.CompassDirection.N, 10,
				com.bowwow.common.geo.CompassDirection.S, com.bowwow.signal.api.SignalKind.SIGNAL);

		assertThatThrownBy(() -> guard.forbidden(List.of(arrival))).isInstanceOf(RuntimeException.class);
	}

}
