package com.bowwow.faults;

import java.time.Duration;

import com.bowwow.devstack.DevStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 8: the services start in reverse order (gateway first), PostgreSQL and Redis
 * only 20 s later (60 s in the full run). Every service must become healthy without a
 * restart, and a phone can then register and report its position. Runs last: it stops the
 * shared stack and starts its own on ports 30500+.
 */
@Order(100)
class BackwardsStartIT {

	@Test
	void servicesWaitForTheirServers() throws Exception {
		FaultStack.closeShared();
		Duration delay = Duration.ofSeconds(FaultStack.FULL ? 60 : 20);
		Report report = new Report("Scenario 8: services started in reverse order, PostgreSQL and Redis last");
		long started = System.nanoTime();
		String outcome = "all healthy";
		try (DevStack stack = DevStack.startBackwards(FaultStack.root(), FaultStack.ENVIRONMENT,
				FaultStack.PORT_OFFSET + 500, delay, (line) -> System.out.println("[faults] " + line))) {
			double seconds = (System.nanoTime() - started) / 1e9;
			GatewayClient client = new GatewayClient(stack.gateway());
			GatewayClient.Account phone = client.register("mile");
			client.moveTo(phone, 45.5, -122.6);
			report
				.put("injected",
						"gateway first, user-service last; PostgreSQL and Redis " + delay.toSeconds()
								+ " s after the services")
				.put("checked", "every service healthy without a restart; a phone registers and moves")
				.put("figures", String.format("all healthy %.1f s after the first start", seconds))
				.put("lost", "nothing")
				.print();
			assertThat(stack.pids()).hasSize(6);
		}
		catch (IllegalStateException ex) {
			outcome = ex.getMessage().lines().findFirst().orElse("");
			report
				.put("injected",
						"gateway first, user-service last; PostgreSQL and Redis " + delay.toSeconds()
								+ " s after the services")
				.put("checked", "every service healthy without a restart")
				.put("lost", "start-up failed: " + outcome)
				.print();
			throw ex;
		}
	}

}
