package com.bowwow.signal.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.WaveStore;
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
class SignalRetentionTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WaveStore waves;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void signalsOlderThanTheRetentionPeriodGoWithTheirReceipts() {
		Instant now = Instant.parse("2026-11-26T12:00:00Z");
		UUID old = store(now.minus(Duration.ofDays(31)));
		UUID recent = store(now.minus(Duration.ofDays(29)));
		this.jdbc.update(
				"""
						insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
						select id, gen_random_uuid(), sender_id, kind, 10, 'N', sent_at, sent_at from signals where id in (?, ?)
						""",
				old, recent);

		SignalRetention retention = new SignalRetention(JdbcClient.create(this.jdbc),
				new Signals(JdbcClient.create(this.jdbc)), new RetentionProperties(Duration.ofDays(30), 1),
				Clock.fixed(now, java.time.ZoneOffset.UTC));
		assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

		assertThat(count("signals", old)).isZero();
		assertThat(count("receipts", old)).isZero();
		assertThat(count("signals", recent)).isEqualTo(1);
		assertThat(count("receipts", recent)).isEqualTo(1);
	}

	private UUID store(Instant sentAt) {
		Wave wave = new Wave(UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, null, Coordinates.of(0, 0), sentAt,
				sentAt.plusSeconds(600), 1000, DistanceUnit.MILE, 1609.344);
		this.transactions
			.executeWithoutResult((status) -> this.waves.start(wave, List.of(), PropagationEngine.StartLease.NONE));
		return wave.signalId();
	}

	private long count(String table, UUID signal) {
		String column = table.equals("signals") ? "id" : "signal_id";
		return this.jdbc.queryForObject("select count(*) from " + table + " where " + column + " = ?", Long.class,
				signal);
	}

}
