package com.bowwow.push;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.InvalidServiceTokenException;
import com.bowwow.common.internal.ServiceTokenVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server answering user-service's internal API the way user-service does:
 * {@code GET /internal/users/{id}/push-target} (404 for unknown users), {@code POST
 * /internal/users/push-targets} (unknown users left out) and {@code POST
 * /internal/users/{id}/device-token/dead} (204, recorded). One per test JVM.
 */
public final class UserServiceStandIn {

	private static final Pattern PATH = Pattern
		.compile("/internal/users/([0-9a-f-]{36})/(push-target|device-token/dead)");

	private static final Map<UserId, User> users = new ConcurrentHashMap<>();

	private static final List<DeadTokenReport> deadTokens = new CopyOnWriteArrayList<>();

	private static final AtomicBoolean up = new AtomicBoolean(true);

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Checks service tokens the way user-service does (committed development keys). */
	private static final ServiceTokenVerifier verifier = ServiceTokenVerifier.development("user-service",
			Clock.systemUTC());

	private static final List<String> callers = new CopyOnWriteArrayList<>();

	/** Who each push-target lookup asked about: one list per request, single or batch. */
	private static final List<Lookup> lookups = new CopyOnWriteArrayList<>();

	private static final HttpServer server = start();

	private UserServiceStandIn() {
	}

	public static String url() {
		return "http://localhost:" + server.getAddress().getPort();
	}

	/** A new online user with a live token, reading miles. */
	public static UserId user(String deviceToken) {
		return user(deviceToken, DistanceUnit.MILE, false);
	}

	public static UserId user(String deviceToken, DistanceUnit unit, boolean offline) {
		return user(deviceToken, unit, offline, null);
	}

	/**
	 * A user whose push target names a language (null: the field is absent, as before).
	 */
	public static UserId user(String deviceToken, DistanceUnit unit, boolean offline, String language) {
		UserId id = UserId.random();
		users.put(id, new User(deviceToken, "live", offline, unit, language));
		return id;
	}

	public static void tokenDead(UserId user) {
		users.computeIfPresent(user, (id, u) -> new User(u.deviceToken(), "dead", u.offline(), u.unit(), u.language()));
	}

	public static void delete(UserId user) {
		users.remove(user);
	}

	public static void setUp(boolean isUp) {
		up.set(isUp);
	}

	public static List<DeadTokenReport> deadTokenReports(UserId user) {
		return deadTokens.stream().filter((r) -> r.userId().equals(user)).toList();
	}

	private static HttpServer start() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			http.createContext("/internal/users/", UserServiceStandIn::handle);
			// concurrent like the real service (the default is one request at a time)
			http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Every push-target lookup so far that asked about this user. */
	public static List<Lookup> lookupsOf(UserId user) {
		return lookups.stream().filter((lookup) -> lookup.users().contains(user)).toList();
	}

	/**
	 * @param batch whether it was the many-users call
	 * @param users who it asked about
	 */
	public record Lookup(boolean batch, List<UserId> users) {
	}

	/** The verified callers of every request so far, in order. */
	public static List<String> callers() {
		return List.copyOf(callers);
	}

	private static void handle(HttpExchange exchange) throws IOException {
		byte[] request = exchange.getRequestBody().readAllBytes();
		// like user-service: 401 without a valid service token for it, 403 for any caller
		// but push-service
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		String caller = null;
		if (header != null && header.startsWith("Bearer ")) {
			try {
				caller = verifier.verify(header.substring("Bearer ".length())).name();
				callers.add(caller);
			}
			catch (InvalidServiceTokenException ex) {
				caller = null;
			}
		}
		if (caller == null || !caller.equals("push-service")) {
			respond(exchange, (caller == null) ? 401 : 403, null);
			return;
		}
		Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
		if (!up.get()) {
			respond(exchange, 503, null);
			return;
		}
		if ("/internal/users/push-targets".equals(exchange.getRequestURI().getPath())
				&& "POST".equals(exchange.getRequestMethod())) {
			Map<?, ?> body = json.readValue(new String(request, StandardCharsets.UTF_8), Map.class);
			List<Map<String, Object>> targets = new java.util.ArrayList<>();
			List<UserId> asked = ((List<?>) body.get("userIDs")).stream()
				.map((id) -> UserId.parse((String) id))
				.toList();
			lookups.add(new Lookup(true, asked));
			for (UserId id : asked) {
				User user = users.get(id);
				if (user != null) {
					targets.add(target(id, user));
				}
			}
			respond(exchange, 200, json.writeValueAsString(Map.of("targets", targets)));
			return;
		}
		if (!path.matches()) {
			respond(exchange, 404, null);
			return;
		}
		UserId id = UserId.parse(path.group(1));
		User user = users.get(id);
		if (path.group(2).equals("push-target") && "GET".equals(exchange.getRequestMethod())) {
			lookups.add(new Lookup(false, List.of(id)));
			if (user == null) {
				respond(exchange, 404, "{\"code\":\"NOT_FOUND\"}");
				return;
			}
			respond(exchange, 200, json.writeValueAsString(target(id, user)));
			return;
		}
		if (path.group(2).equals("device-token/dead") && "POST".equals(exchange.getRequestMethod())) {
			Map<?, ?> body = json.readValue(new String(request, StandardCharsets.UTF_8), Map.class);
			deadTokens.add(new DeadTokenReport(id, String.valueOf(body.get("deviceToken")),
					exchange.getRequestHeaders().getFirst("Content-Type")));
			if (user != null && user.deviceToken().equals(body.get("deviceToken"))) {
				tokenDead(id);
			}
			respond(exchange, 204, null);
			return;
		}
		respond(exchange, 405, null);
	}

	private static Map<String, Object> target(UserId id, User user) {
		Map<String, Object> target = new java.util.LinkedHashMap<>(
				Map.of("userID", id.toString(), "deviceToken", user.deviceToken(), "tokenStatus", user.tokenStatus(),
						"isOffline", user.offline(), "distanceUnit", user.unit().wireName()));
		if (user.language() != null) {
			target.put("language", user.language());
		}
		return target;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
		}
		else {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	record User(String deviceToken, String tokenStatus, boolean offline, DistanceUnit unit, String language) {
	}

	/**
	 * @param userId whose token
	 * @param deviceToken the token reported
	 * @param contentType the request's content type
	 */
	public record DeadTokenReport(UserId userId, String deviceToken, String contentType) {
	}

}
