package com.bowwow.faults;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.devstack.DevStack;
import com.bowwow.devstack.Infrastructure;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 11: {@code kill -9} of a signal-service and a location-service instance in the
 * middle of their warm-up (before they report ready, as ECS starts a task). The warm-up
 * stores a made-up wave in a transaction it rolls back and reads a scratch index of
 * made-up positions in its own Redis namespace: a crash at any moment must leave no wave,
 * arrival, event or live position behind, and nothing in Redis without an expiry. Both
 * start again and warm to the end.
 */
@Order(9)
@ExtendWith(FaultStack.class)
class WarmupCrashIT {

	/** Where both warm-ups put their made-up people: the middle of the Atlantic. */
	private static final double LATITUDE = 0.5;

	private static final double LONGITUDE = -25.5;

	private static final String SCRATCH_KEYS = "{bowwow:location:warmup:*";

	/**
	 * Rounds without end, so the kill lands inside them; the budget ends the restart's.
	 */
	private static final Map<String, String> WARMING = Map.of("BOWWOW_WARMUP_ROUNDS", "1000000", "BOWWOW_WARMUP_BUDGET",
			"20s");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	@Test
	void aServiceKilledWhileItWarmsLeavesNothingBehind() throws Exception {
		DevStack stack = FaultStack.stack();
		Infrastructure servers = stack.infrastructure();
		Database database = new Database(servers);
		Report report = new Report("Scenario 11: kill -9 of signal-service and location-service while they warm");
		Instant launchedAt = Instant.now();
		String signal = stack.launchInstance("signal-service", 400, WARMING);
		String location = stack.launchInstance("location-service", 400, WARMING);
		try {
			Instant signalWarming = awaitWarming(stack, signal);
			Instant locationWarming = awaitWarming(stack, location);
			awaitScratchIndex(servers);
			// several rounds in: a round is a second or less once the first is done
			Thread.sleep(FaultStack.FULL ? 5000 : 2000);
			assertThat(isWarming(stack, signal) && isWarming(stack, location))
				.as("both still warming when they are killed")
				.isTrue();
			Instant killedAt = Instant.now();
			stack.kill(signal);
			stack.kill(location);

			List<String> scratch = Redis.keys(servers, SCRATCH_KEYS);
			List<String> forever = scratch.stream()
				.filter((key) -> Long.parseLong(Redis.command(servers, "PTTL", key).substring(1)) < 0)
				.toList();
			Traces afterKill = traces(database, servers, launchedAt);

			Instant restarting = Instant.now();
			stack.restart(signal);
			stack.restart(location);
			Duration restart = Duration.between(restarting, Instant.now());
			Traces afterRestart = traces(database, servers, launchedAt);
			// movers' keys (a minute) aside, which every write to an index leaves
			List<String> scratchAfterRestart = Redis.keys(servers, SCRATCH_KEYS)
				.stream()
				.filter((key) -> !key.contains(":moved:"))
				.toList();

			report
				.put("injected",
						String.format(
								"kill -9 of signal-service and location-service (second instances) %.1f and %.1f s into"
										+ " their warm-up, before ready",
								Duration.between(signalWarming, killedAt).toMillis() / 1000.0,
								Duration.between(locationWarming, killedAt).toMillis() / 1000.0))
				.put("traffic",
						"none but the warm-ups: a made-up wave of 2,000 stored and rolled back per round;"
								+ " a scratch index of 2,501 made-up positions read per round")
				.put("checked",
						"no signal, arrival, travelling wave or event from the warm-up; no made-up position in the"
								+ " live index; every scratch key expires; both restart, warm to the end and"
								+ " leave only the dead instance's expiring keys")
				.put("figures", String.format(
						"after the kill: %d scratch keys, %d without expiry; %s; restart with a full warm-up (20 s"
								+ " budget): %.1f s; after it: %s, %d scratch keys",
						scratch.size(), forever.size(), afterKill, restart.toMillis() / 1000.0, afterRestart,
						scratchAfterRestart.size()))
				.put("lost", "nothing")
				.print();
			assertThat(forever).as("scratch keys that never expire").isEmpty();
			assertThat(afterKill).as("what the killed warm-ups left").isEqualTo(Traces.NONE);
			assertThat(afterRestart).as("what the full warm-ups left").isEqualTo(Traces.NONE);
			assertThat(scratch).as("the killed instance's scratch index, not yet expired").isNotEmpty();
			assertThat(scratchAfterRestart).as("the restarted instance discards its own scratch index")
				.isSubsetOf(scratch);
		}
		finally {
			for (String instance : List.of(signal, location)) {
				if (stack.isHealthy(instance)) {
					stack.stop(instance);
				}
			}
		}
	}

	/** What a warm-up might leave: each count must be zero. */
	record Traces(long signals, long arrivals, long travelling, long events, long livePositions) {

		static final Traces NONE = new Traces(0, 0, 0, 0, 0);

		@Override
		public String toString() {
			return String.format("%d signals, %d arrivals, %d travelling waves, %d events, %d live positions there",
					this.signals, this.arrivals, this.travelling, this.events, this.livePositions);
		}

	}

	private static Traces traces(Database database, Infrastructure servers, Instant since) {
		Timestamp from = Timestamp.from(since);
		// No scenario sends anything while this one runs: every signal since the launch
		// would be the warm-up's.
		long signals = database.count("select count(*) from signal_service.signals where sent_at >= ?", from);
		long arrivals = database
			.count("select count(*) from signal_service.pending_arrivals where lease_owner = 'warmup'");
		long travelling = database.count("select count(*) from signal_service.travelling_waves"
				+ " where origin_latitude between 0 and 1 and origin_longitude between -26 and -25");
		long events = database.count(
				"select count(*) from signal_service.event_outbox where created_at >= ? and event_type ilike '%sent%'",
				from);
		// The live index (location-service's own namespace) around the made-up origin.
		String reply = Redis.command(servers, "GEOSEARCH", "{bowwow:location}:geo", "FROMLONLAT",
				Double.toString(LONGITUDE), Double.toString(LATITUDE), "BYRADIUS", "20", "km", "COUNT", "1");
		long live = Long.parseLong(reply.substring(1));
		return new Traces(signals, arrivals, travelling, events, live);
	}

	/** Waits until the instance serves and says it is starting (warming, not ready). */
	private Instant awaitWarming(DevStack stack, String instance) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (isWarming(stack, instance)) {
				return Instant.now();
			}
			assertThat(stack.isHealthy(instance)).as("%s reported ready before it was seen warming", instance)
				.isFalse();
			Thread.sleep(100);
		}
		throw new AssertionError(instance + " never said it was warming");
	}

	/**
	 * Whether {@code /health} answers 503 {@code starting}: serving, warming, not ready.
	 */
	private boolean isWarming(DevStack stack, String instance) throws InterruptedException {
		try {
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(stack.url(instance).resolve("/health"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			return answer.statusCode() == 503 && answer.body().contains("starting");
		}
		catch (java.io.IOException ex) {
			// not listening yet
			return false;
		}
	}

	private static void awaitScratchIndex(Infrastructure servers) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (Redis.keys(servers, SCRATCH_KEYS).isEmpty()) {
			assertThat(Instant.now()).as("location-service's warm-up filled its scratch index").isBefore(deadline);
			Thread.sleep(100);
		}
	}

}
