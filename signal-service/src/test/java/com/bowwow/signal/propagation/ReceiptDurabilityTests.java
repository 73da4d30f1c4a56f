package com.bowwow.signal.propagation;

import java.time.Instant;
import java.util.List;

import com.bowwow.signal.SignalIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts commit synchronously, even where the server's default is not: the receipt the
 * sender's count showed must not be undone by a crash.
 */
class ReceiptDurabilityTests extends SignalIntegrationTest {

	@Autowired
	PendingArrivals arrivals;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void receiptsAreWrittenWithSynchronousCommit() {
		String setting = this.transactions.execute((status) -> {
			// a server or session configured for speed
			this.jdbc.execute("set local synchronous_commit = off");
			this.arrivals.deliver("receipt-durability-test", List.of(), Instant.now());
			return this.jdbc.queryForObject("show synchronous_commit", String.class);
		});
		assertThat(setting).isEqualTo("on");
	}

}
