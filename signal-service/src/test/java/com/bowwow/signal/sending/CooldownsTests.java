package com.bowwow.signal.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class CooldownsTests {

	private static final Duration HOUR = Duration.ofHours(1);

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void secondSendWithinTheHourIsRefusedWithTheRemainingTime() {
		Cooldowns cooldowns = new Cooldowns(JdbcClient.create(this.jdbc), HOUR);
		UserId sender = UserId.random();
		Instant first = Instant.parse("2026-11-26T12:00:00Z");
		assertThat(cooldowns.tryClaim(sender, first)).isEmpty();
		assertThat(cooldowns.tryClaim(sender, first.plus(Duration.ofMinutes(20)))).contains(Duration.ofMinutes(40));
		assertThat(cooldowns.tryClaim(sender, first.plus(HOUR))).isEmpty();
		assertThat(cooldowns.tryClaim(UserId.random(), first)).as("other senders are not affected").isEmpty();
	}

	@Test
	void ofConcurrentSendsExactlyOneWins() throws Exception {
		Cooldowns cooldowns = new Cooldowns(JdbcClient.create(this.jdbc), HOUR);
		UserId sender = UserId.random();
		Instant now = Instant.now();
		int attempts = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Optional<Duration>>> results = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(attempts)) {
			for (int i = 0; i < attempts; i++) {
				results.add(pool.submit(() -> {
					start.await();
					// each attempt in its own transaction, as concurrent requests would
					// be
					return this.transactions.execute((status) -> cooldowns.tryClaim(sender, now));
				}));
			}
			start.countDown();
			int allowed = 0;
			for (Future<Optional<Duration>> result : results) {
				if (result.get().isEmpty()) {
					allowed++;
				}
			}
			assertThat(allowed).isEqualTo(1);
		}
	}

	@Test
	void aRolledBackSendDoesNotUseUpTheHour() {
		Cooldowns cooldowns = new Cooldowns(JdbcClient.create(this.jdbc), HOUR);
		UserId sender = UserId.random();
		Instant now = Instant.now();
		this.transactions.executeWithoutResult((status) -> {
			assertThat(cooldowns.tryClaim(sender, now)).isEmpty();
			status.setRollbackOnly();
		});
		assertThat(cooldowns.tryClaim(sender, now)).isEmpty();
	}

}
