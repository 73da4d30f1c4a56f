package com.bowwow.faults;

import java.time.Duration;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: PostgreSQL stopped as in a crash ({@code immediate}: no checkpoint) for 10
 * s (30 s in the full run) under traffic, then started again, recovering from its WAL.
 * The same answers as for Redis, and nothing half-written.
 */
@Order(4)
@ExtendWith(FaultStack.class)
class PostgresRestartIT {

	@Test
	void aPostgresCrashIsAnswered503AndLeavesNothingHalfWritten() throws Exception {
		DevStack stack = FaultStack.stack();
		new Outage(stack, new Report("Scenario 5: PostgreSQL restarted under traffic")).run(33.7500, -84.3900,
				"embedded PostgreSQL stopped (pg_ctl -m immediate, as a crash) and started again", stack::stopPostgres,
				Duration.ofSeconds(FaultStack.FULL ? 30 : 10), stack::startPostgres);
	}

}
