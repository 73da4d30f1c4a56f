package com.bowwow.analytics.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.bowwow.analytics.AnalyticsServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@AnalyticsServiceTest
class AnalyticsRetentionTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AnalyticsRetention retention;

	@Test
	void rowsOlderThanTheirRetentionGoYoungerOnesStay() {
		this.jdbc.execute("truncate processed_event, users, user_activity, signals, deliveries, push_outcomes,"
				+ " stream_samples, reports, blocks, suspensions");
		Instant now = Instant.now();
		Timestamp old = Timestamp.from(now.minus(Duration.ofDays(401)));
		Timestamp young = Timestamp.from(now.minus(Duration.ofDays(399)));
		for (Timestamp at : new Timestamp[] { old, young }) {
			UUID id = UUID.randomUUID();
			this.jdbc.update("insert into signals values (?, ?, 'signal', ?, 1000)", id, UUID.randomUUID(), at);
			this.jdbc.update("insert into deliveries values (?, ?, 'signal', ?, 10, 5)", id, UUID.randomUUID(), at);
			this.jdbc.update("insert into user_activity values (?, date_trunc('hour', ?::timestamptz), ?)",
					UUID.randomUUID(), at, at);
			this.jdbc.update(
					"insert into push_outcomes values (date_trunc('hour', ?::timestamptz), 'signal', 'SENT', '', 3)",
					at);
			this.jdbc.update("insert into stream_samples values ('i', ?, 1, 0)", at);
			this.jdbc.update("insert into users values (?, ?, ?)", UUID.randomUUID(), at, at);
			this.jdbc.update("insert into reports values (?, ?, 'spam', ?)", UUID.randomUUID(), UUID.randomUUID(), at);
			this.jdbc.update("insert into blocks values (?, ?)", UUID.randomUUID(), at);
		}
		// Suspensions go once they ended long enough ago: lifted, or run out...
		this.jdbc.update("insert into suspensions values (?, ?, null, ?)", UUID.randomUUID(),
				Timestamp.from(now.minus(Duration.ofDays(500))), old);
		this.jdbc.update("insert into suspensions values (?, ?, ?, null)", UUID.randomUUID(),
				Timestamp.from(now.minus(Duration.ofDays(500))), old);
		// ...but one in force stays however old: never lifted, or suspended again after
		// an old lift
		this.jdbc.update("insert into suspensions values (?, ?, null, null)", UUID.randomUUID(), old);
		this.jdbc.update("insert into suspensions values (?, ?, null, ?)", UUID.randomUUID(), young, old);
		this.jdbc.update("insert into users values (?, ?, null)", UUID.randomUUID(), old);
		this.jdbc.update("insert into processed_event values (?, ?)", UUID.randomUUID(),
				Timestamp.from(now.minus(Duration.ofDays(8))));
		this.jdbc.update("insert into processed_event values (?, ?)", UUID.randomUUID(),
				Timestamp.from(now.minus(Duration.ofDays(6))));

		assertThat(this.retention.purge()).isEqualTo(11);

		for (String table : new String[] { "signals", "deliveries", "user_activity", "push_outcomes", "stream_samples",
				"processed_event", "reports", "blocks" }) {
			assertThat(this.jdbc.queryForObject("select count(*) from " + table, Long.class)).as(table).isEqualTo(1);
		}
		// a live account stays however old it is
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select count(*) from suspensions", Long.class)).isEqualTo(2);
	}

}
