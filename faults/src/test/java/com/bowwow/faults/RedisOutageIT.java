package com.bowwow.faults;

import java.time.Duration;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: Redis stopped for 15 s (60 s in the full run) under traffic, then started
 * again, empty. Only successes or 503 problems with {@code Retry-After}, no 500; every
 * service healthy again by itself.
 */
@Order(3)
@ExtendWith(FaultStack.class)
class RedisOutageIT {

	@Test
	void aRedisOutageIsAnswered503AndHealsByItself() throws Exception {
		DevStack stack = FaultStack.stack();
		new Outage(stack, new Report("Scenario 4: Redis stopped under traffic")).run(47.6100, -122.3300,
				"embedded Redis killed (SIGKILL; restarted empty)", stack::stopRedis,
				Duration.ofSeconds(FaultStack.FULL ? 60 : 15), stack::startRedis);
	}

}
