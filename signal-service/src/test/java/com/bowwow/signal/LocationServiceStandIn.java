package com.bowwow.signal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.InvalidServiceTokenException;
import com.bowwow.common.internal.ServiceTokenVerifier;
import com.bowwow.common.json.BowWowJacksonModule;
import com.bowwow.location.api.UserPositions;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.location.api.UsersWithin.UserPosition;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server answering location-service's internal queries from positions the
 * test sets, the way location-service does (excluded user left out, nearest first, only
 * named users). One per test JVM.
 */
public final class LocationServiceStandIn {

	/**
	 * Where test senders stand: the centre of a privacy-grid cell, so that a wave from
	 * here leaves from exactly here and distances to it are easy to predict.
	 */
	public static final Coordinates ORIGIN = PrivacyGrid.snap(Coordinates.of(37.7880, -122.4075));

	public static final double MILE = 1609.344;

	private static final Map<UserId, Coordinates> positions = new ConcurrentHashMap<>();

	/** When each position was placed, for {@code movedSince}. */
	private static final Map<UserId, Instant> placedAt = new ConcurrentHashMap<>();

	private static final List<Instant> movedSinceAsked = new CopyOnWriteArrayList<>();

	private static final List<Read> reads = new CopyOnWriteArrayList<>();

	private static final AtomicBoolean knowsRings = new AtomicBoolean(true);

	private static volatile long ringDelayMillis;

	/** Ring queries still answered before the rest fail (negative: all are answered). */
	private static final java.util.concurrent.atomic.AtomicInteger ringsAnswered = new java.util.concurrent.atomic.AtomicInteger(
			-1);

	private static final AtomicBoolean up = new AtomicBoolean(true);

	private static final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	/**
	 * Checks service tokens the way location-service does (committed development keys).
	 */
	private static final ServiceTokenVerifier verifier = ServiceTokenVerifier.development("location-service",
			Clock.systemUTC());

	private static final List<String> callers = new CopyOnWriteArrayList<>();

	private static final HttpServer server = start();

	private LocationServiceStandIn() {
	}

	public static String url() {
		return "http://localhost:" + server.getAddress().getPort();
	}

	/** Places a user {@code miles} from {@link #ORIGIN} at {@code bearing} degrees. */
	public static Coordinates place(UserId user, double miles, double bearing) {
		return put(user, offset(ORIGIN, miles * MILE, bearing));
	}

	/** Places a user at exactly this position. */
	public static Coordinates put(UserId user, Coordinates position) {
		placedAt.put(user, Instant.now());
		positions.put(user, position);
		return position;
	}

	/**
	 * The point {@code meters} from {@code from} at {@code bearing} degrees (flat-earth,
	 * for short hops).
	 */
	public static Coordinates offset(Coordinates from, double meters, double bearing) {
		double degrees = meters / 111_195.0;
		return Coordinates.of(from.latitude() + degrees * Math.cos(Math.toRadians(bearing)), from.longitude()
				+ degrees * Math.sin(Math.toRadians(bearing)) / Math.cos(Math.toRadians(from.latitude())));
	}

	/** The body's {@code location} for a sender standing at {@code position}. */
	public static String json(Coordinates position) {
		return "{\"latitude\":" + position.latitude() + ",\"longitude\":" + position.longitude() + "}";
	}

	/**
	 * Forgets everyone, so that one test's neighbours are not the next test's receivers.
	 */
	public static void clear() {
		positions.clear();
		placedAt.clear();
		movedSinceAsked.clear();
		reads.clear();
		knowsRings.set(true);
		ringDelayMillis = 0;
		ringsAnswered.set(-1);
		up.set(true);
	}

	public static void remove(UserId user) {
		positions.remove(user);
	}

	/** Every {@code movedSince} asked for so far, in order. */
	public static List<Instant> movedSinceAsked() {
		return List.copyOf(movedSinceAsked);
	}

	/**
	 * Every whole-disc or ring query (not a movers query) for a sender's waves, in order.
	 */
	public static List<Read> reads(UserId sender) {
		return reads.stream().filter((read) -> read.exclude().equals(sender.toString())).toList();
	}

	/**
	 * Whether {@code beyondMeters} is honoured; a location-service from before rings
	 * ignores it.
	 */
	public static void knowsRings(boolean knows) {
		knowsRings.set(knows);
	}

	/** How long a ring query ({@code beyondMeters}) takes, as on a loaded machine. */
	public static void ringDelay(java.time.Duration delay) {
		ringDelayMillis = delay.toMillis();
	}

	/**
	 * Answers {@code rings} ring queries ({@code beyondMeters}), then 503 to every other
	 * one, as location-service failing in the middle of a wave's rings.
	 */
	public static void failRingsAfter(int rings) {
		ringsAnswered.set(rings);
	}

	public static void setUp(boolean isUp) {
		up.set(isUp);
	}

	private static HttpServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			http.createContext(UsersWithin.PATH, LocationServiceStandIn::within);
			http.createContext(UserPositions.PATH, LocationServiceStandIn::positions);
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The verified callers of every request so far, in order. */
	public static List<String> callers() {
		return List.copyOf(callers);
	}

	/**
	 * Like location-service: 401 without a valid service token for location-service, 403
	 * for any caller but signal-service.
	 */
	private static boolean authorized(HttpExchange exchange) throws IOException {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		int status = 401;
		if (header != null && header.startsWith("Bearer ")) {
			try {
				String caller = verifier.verify(header.substring("Bearer ".length())).name();
				callers.add(caller);
				status = caller.equals("signal-service") ? 200 : 403;
			}
			catch (InvalidServiceTokenException ex) {
				status = 401;
			}
		}
		if (status != 200) {
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
			return false;
		}
		return true;
	}

	private static void within(HttpExchange exchange) throws IOException {
		if (!authorized(exchange)) {
			return;
		}
		Map<String, List<String>> query = query(exchange);
		if (query.containsKey("beyondMeters")
				&& ringsAnswered.getAndUpdate((left) -> (left > 0) ? left - 1 : left) == 0) {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		Coordinates point = Coordinates.of(Double.parseDouble(query.get("latitude").get(0)),
				Double.parseDouble(query.get("longitude").get(0)));
		double radius = Double.parseDouble(query.get("radiusMeters").get(0));
		String excluded = query.getOrDefault("excludeUserID", List.of("")).get(0);
		// Like location-service: the clock is read before the search.
		Instant asOf = Instant.now();
		Instant movedSince = query.containsKey("movedSinceEpochMilli")
				? Instant.ofEpochMilli(Long.parseLong(query.get("movedSinceEpochMilli").get(0))) : null;
		if (movedSince != null) {
			movedSinceAsked.add(movedSince);
		}
		if (query.containsKey("beyondMeters") && ringDelayMillis > 0) {
			try {
				Thread.sleep(ringDelayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		double beyond = knowsRings.get() ? Double.parseDouble(query.getOrDefault("beyondMeters", List.of("0")).get(0))
				: 0;
		List<UserPosition> found = new ArrayList<>();
		positions.forEach((user, position) -> {
			double meters = point.distanceTo(position).meters();
			boolean moved = movedSince == null || !placedAt.getOrDefault(user, Instant.MIN).isBefore(movedSince);
			if (meters <= radius && meters >= beyond && moved && !user.toString().equals(excluded)) {
				found.add(new UserPosition(user, position.latitude(), position.longitude(), meters, Instant.now()));
			}
		});
		found.sort(Comparator.comparingDouble(UserPosition::distanceMeters));
		// Like location-service: the nearest up to the limit, and whether there are more.
		int limit = Integer.parseInt(query.getOrDefault("limit", List.of("1000")).get(0));
		boolean truncated = found.size() > limit;
		if (movedSince == null) {
			reads.add(new Read(excluded, limit, beyond, Math.min(limit, found.size())));
		}
		reply(exchange, new UsersWithin(truncated ? found.subList(0, limit) : found, truncated, asOf.toEpochMilli()));
	}

	private static void positions(HttpExchange exchange) throws IOException {
		if (!authorized(exchange)) {
			return;
		}
		List<UserPositions.Position> found = new ArrayList<>();
		for (String id : query(exchange).getOrDefault("userID", List.of())) {
			Coordinates position = positions.get(UserId.parse(id));
			if (position != null) {
				found.add(new UserPositions.Position(UserId.parse(id), position.latitude(), position.longitude(),
						Instant.now()));
			}
		}
		reply(exchange, new UserPositions(found));
	}

	private static void reply(HttpExchange exchange, Object answer) throws IOException {
		if (!up.get()) {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		byte[] body = json.writeValueAsBytes(answer);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static Map<String, List<String>> query(HttpExchange exchange) {
		Map<String, List<String>> query = new ConcurrentHashMap<>();
		String raw = exchange.getRequestURI().getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] kv = pair.split("=", 2);
				query.computeIfAbsent(kv[0], (k) -> new ArrayList<>())
					.add(java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "",
							java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	/**
	 * One whole-disc or ring query.
	 *
	 * @param exclude who was left out (a wave's sender)
	 * @param limit how many were asked for
	 * @param beyondMeters from which distance (0: the whole disc)
	 * @param returned how many were returned
	 */
	public record Read(String exclude, int limit, double beyondMeters, int returned) {

	}

}
