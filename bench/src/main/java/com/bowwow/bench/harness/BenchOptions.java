package com.bowwow.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to run. Defaults are the full mode (about 10 minutes on 2 cores); {@code --quick}
 * shrinks everything (under 2 minutes; what CI runs).
 *
 * @param quick the small, fast mode
 * @param users population of the metro area
 * @param registered how many of them register through the API (the rest are positioned
 * through the bulk path only)
 * @param connections WebSocket subscribers through the gateway
 * @param waveSizes receivers per wave, in order
 * @param step duration of one constant-rate step
 * @param nearbyRate constant rate of the nearby latency measurements
 * @param fanoutMoves moves announced to the subscribers
 * @param target a running gateway to drive instead of starting a stack
 * @param locationUrl location-service for the direct figures (target mode)
 * @param jdbcUrl database of the targeted stack (ceilings, exact wave departures)
 * @param databaseUser its user
 * @param databasePassword its password
 * @param redisUrl Redis of the targeted stack ({@code redis://host:port/db}), for the
 * ceilings
 * @param jfr record JFR profiles of the gateway and location-service
 * @param output where the report files go
 * @param registrationBudget how long registration may take at most (the users not
 * registered by then are positioned through the bulk path)
 * @param positionBudget how long the bulk positioning may take at most
 * @param waveConnections subscribers opened first, for the fan-out and the waves that fit
 * @param soakMinutes soak mode when above 0: a constant mixed workload for this long
 * instead of the scenarios, sampled every 30 s and judged for flatness
 * @param soakRate the soak's rate per second; 0 = half the highest mixed rate at p99 <=
 * 50 ms, found first
 * @param streamsViaGateway open the WebSocket subscribers through the gateway instead of
 * straight to location-service's stream port (production's route: the load balancer sends
 * {@code /api/v1/locations/stream} there; the service port + 10)
 * @param streamsOnly skip the ceilings and the update and nearby figures: set up, warm
 * up, then only the WebSocket scenarios
 * @param locationInstances location-service instances the subscribers are spread over (1
 * to 4; the others are started for the WebSocket scenarios, as more tasks behind the load
 * balancer would be)
 * @param offerCompression subscribers offer permessage-deflate, as browsers do (what a
 * server that agreed would pay per connection)
 * @param moveRate moves per second in the fan-out
 */
public record BenchOptions(boolean quick, int users, int registered, int connections, List<Integer> waveSizes,
		Duration step, double nearbyRate, int fanoutMoves, String target, String locationUrl, String jdbcUrl,
		String databaseUser, String databasePassword, String redisUrl, boolean jfr, Path output,
		Duration registrationBudget, Duration positionBudget, int waveConnections, int soakMinutes, double soakRate,
		boolean streamsViaGateway, boolean streamsOnly, int locationInstances, boolean offerCompression,
		double moveRate) {

	static final String USAGE = """
			Usage: bench/run.sh [--quick] [--users N] [--register N] [--ws K] [--register-seconds S] [--position-seconds S] [--wave-ws N] [--waves 1000,10000] [--step-seconds S]
			                    [--jfr] [--out DIR] [--soak MINUTES [--soak-rate N]] [--streams-via-gateway] [--streams-only] [--location-instances 1-4]
			                    [--ws-compress] [--moves M] [--move-rate R] [--target http://gateway:8000 --location http://location:8002
			                     --jdbc jdbc:postgresql://host/db --db-user U --db-password P --redis redis://host:6379/0]
			""";

	public boolean soak() {
		return this.soakMinutes > 0;
	}

	public static BenchOptions parse(String... args) {
		// a soak sets up the small population of the quick mode: it is about time, not
		// size
		boolean quick = List.of(args).contains("--quick") || List.of(args).contains("--soak");
		int users = quick ? 3_000 : 100_000;
		int registered = -1;
		int connections = quick ? 200 : 10_000;
		List<Integer> waves = null;
		Duration step = Duration.ofSeconds(quick ? 2 : 6);
		double nearbyRate = quick ? 50 : 100;
		int moves = quick ? 20 : 1_000;
		// the fan-out target: 100 moves/s with 2,500 subscribers
		double moveRate = quick ? 10 : 100;
		String target = null;
		String location = null;
		String jdbc = null;
		String user = "postgres";
		String password = "";
		String redis = null;
		boolean jfr = false;
		Path output = null;
		Duration budget = Duration.ofSeconds(quick ? 20 : 60);
		Duration positionBudget = Duration.ofSeconds(quick ? 30 : 240);
		int waveConnections = quick ? Integer.MAX_VALUE : 2_500;
		int soakMinutes = 0;
		double soakRate = 0;
		boolean streamsViaGateway = false;
		boolean streamsOnly = false;
		// 10,000 streams over instances of 2,500 at most (location-service's max-streams)
		int locationInstances = quick ? 1 : 4;
		boolean offerCompression = false;
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : null;
			switch (args[i]) {
				case "--quick" -> {
				}
				case "--users" -> users = Integer.parseInt(args[++i].replace("_", ""));
				case "--register" -> registered = Integer.parseInt(args[++i].replace("_", ""));
				case "--ws" -> connections = Integer.parseInt(args[++i].replace("_", ""));
				case "--waves" -> waves = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
				case "--step-seconds" -> step = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
				case "--moves" -> moves = Integer.parseInt(args[++i]);
				case "--move-rate" -> moveRate = Double.parseDouble(args[++i]);
				case "--target" -> target = args[++i];
				case "--location" -> location = args[++i];
				case "--jdbc" -> jdbc = args[++i];
				case "--db-user" -> user = args[++i];
				case "--db-password" -> password = args[++i];
				case "--redis" -> redis = args[++i];
				case "--jfr" -> jfr = true;
				case "--wave-ws" -> waveConnections = Integer.parseInt(args[++i].replace("_", ""));
				case "--position-seconds" -> positionBudget = Duration.ofSeconds(Long.parseLong(args[++i]));
				case "--register-seconds" -> budget = Duration.ofSeconds(Long.parseLong(args[++i]));
				case "--out" -> output = Path.of(args[++i]);
				case "--soak" -> soakMinutes = Integer.parseInt(args[++i]);
				case "--soak-rate" -> soakRate = Double.parseDouble(args[++i]);
				case "--streams-via-gateway" -> streamsViaGateway = true;
				case "--streams-only" -> streamsOnly = true;
				case "--location-instances" -> locationInstances = Integer.parseInt(args[++i]);
				case "--ws-compress" -> offerCompression = true;
				case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
				default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
			}
			if (value == null && i >= args.length) {
				throw new IllegalArgumentException(USAGE);
			}
		}
		if ((List.of(args).contains("--soak") && soakMinutes <= 0) || soakRate < 0
				|| (soakRate > 0 && soakMinutes == 0)) {
			throw new IllegalArgumentException("--soak takes a positive number of minutes, --soak-rate a positive "
					+ "rate and only with --soak\n" + USAGE);
		}
		if (!(moveRate > 0) || moves < 1) {
			throw new IllegalArgumentException("--moves and --move-rate take positive numbers\n" + USAGE);
		}
		if (locationInstances < 1 || locationInstances > 4) {
			throw new IllegalArgumentException("--location-instances takes 1 to 4\n" + USAGE);
		}
		if (registered < 0) {
			// Registration costs an ES256 signature and three writes: register a share,
			// place
			// the rest through the bulk path (measured separately).
			registered = (target != null) ? users : Math.min(users, quick ? 300 : 10_000);
		}
		if (waves == null) {
			waves = quick ? List.of(100, 100, connections) : List.of(1_000, 1_000, 10_000, 10_000);
		}
		return new BenchOptions(quick, users, Math.min(registered, users), connections, waves, step, nearbyRate, moves,
				target, location, jdbc, user, password, redis, jfr, output, budget, positionBudget, waveConnections,
				soakMinutes, soakRate, streamsViaGateway, streamsOnly, locationInstances, offerCompression, moveRate);
	}

}
