package com.bowwow.e2e;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import com.bowwow.e2e.HostileRequests.Hostile;
import com.bowwow.e2e.HostileRequests.Names;
import com.bowwow.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile client: thousands of broken requests ({@link HostileRequests}) through the
 * gateway and straight at every service's port, malformed HTTP on raw sockets, and
 * garbage on the WebSocket. Every answer must be a 4xx problem (never a 5xx, never an
 * empty, HTML or plain-text error, never a stack trace, never a 2xx: every request is
 * invalid by construction), nothing may be written (row counts of every table that user
 * requests write are unchanged), and every service must still be healthy afterwards.
 * {@code -Dhostile.requests=50000} makes the large run; the default is a bounded one.
 */
@ExtendWith(StackExtension.class)
class HostileInputIT {

	private static final int REQUESTS = Integer.getInteger("hostile.requests", 3000);

	private static final long SEED = Long.getLong("hostile.seed", 20261204L);

	/**
	 * Tables that user requests write; background work writes others (outbox, samples).
	 */
	private static final List<String> USER_WRITTEN_TABLES = List.of("user_service.users", "user_service.blocks",
			"user_service.reports", "user_service.suspensions", "user_service.refresh_tokens",
			"location_service.positions", "signal_service.signals", "signal_service.receipts",
			"signal_service.pending_arrivals", "signal_service.sender_cooldowns", "push_service.deliveries");

	private static final Map<String, Integer> SERVICE_PORTS = Map.of("/api/v1/users", 1, "/api/v1/reports", 1,
			"/api/v1/locations", 2, "/api/v1/signals", 3);

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void brokenRequestsGetProblemsAndWriteNothing() throws Exception {
		URI gateway = StackExtension.stack().gateway();
		// The per-user budget at the gateway is a limit worth hitting, but not the only
		// thing hit: the requests are spread over several accounts.
		List<Account> attackers = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			attackers.add(this.client.register("mile"));
		}
		Account other = this.client.register("mile");
		this.client.moveTo(other, 35.0, 135.0);
		for (Account attacker : attackers) {
			this.client.moveTo(attacker, 35.001, 135.0);
		}
		HttpResponse<String> sent = this.client.sendSignal(other, 35.0, 135.0, 1.0);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		String signal = (String) this.client.read(sent).get("signalID");
		// Let the setup's own work (waves, events, pushes) finish before counting.
		Thread.sleep(4000);
		Map<String, Long> before = rowCounts();

		HostileRequests generator = new HostileRequests(SEED);
		ConcurrentMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<String> findings = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			Account attacker = attackers.get(i % attackers.size());
			Hostile hostile = generator.next(new Names(attacker.userId(), attacker.token(), other.userId(), signal));
			boolean direct = (i % 3 == 2);
			URI base = direct ? directTo(gateway, hostile.path()) : gateway;
			String where = direct ? "direct " + base.getPort() : "gateway";
			HttpResponse<String> response;
			try {
				response = send(base, hostile);
			}
			catch (java.io.IOException | IllegalArgumentException ex) {
				// The client refused to send it, or the server closed the connection
				// without an answer: the latter is a finding.
				if (ex instanceof IllegalArgumentException) {
					continue;
				}
				findings.add(where + " " + hostile.what() + " -> no answer: " + ex);
				continue;
			}
			statuses.computeIfAbsent(where.startsWith("gateway") ? "gateway " + response.statusCode()
					: "direct " + response.statusCode(), (k) -> new AtomicInteger())
				.incrementAndGet();
			String problem = check(response);
			if (problem != null && findings.size() < 200) {
				findings.add(where + " " + hostile.what() + " -> " + problem);
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		Thread.sleep(2000);
		Map<String, Long> after = rowCounts();
		System.out.printf("[hostile] %d requests in %.1f s (seed %d); statuses %s; findings %d%n", REQUESTS, seconds,
				SEED, new TreeMap<>(statuses), findings.size());
		findings.stream().limit(60).forEach((f) -> System.out.println("[hostile]   " + f));
		System.out.println("[hostile] rows before " + before + ", after " + after);
		assertThat(findings).isEmpty();
		assertThat(after).as("rows written by refused requests").isEqualTo(before);
		assertEveryServiceHealthy(gateway);
	}

	@Test
	void malformedHttpIsAnsweredWithProblems() throws Exception {
		URI gateway = StackExtension.stack().gateway();
		List<String> requests = List.of("GET /api/v1/users/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /api/v1/locations/nearby/x?distance=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
				"BREW /health HTTP/1.1\r\nHost: x\r\n\r\n", "GET /health HTTP/2.5\r\nHost: x\r\n\r\n",
				"GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
				"GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
				"POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
				"GET /api/v1/users/..%2f..%2finternal HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /api/v1/users/%00 HTTP/1.1\r\nHost: x\r\n\r\n");
		List<String> findings = new ArrayList<>();
		List<Integer> ports = new ArrayList<>(List.of(gateway.getPort()));
		for (int offset = 1; offset <= 5; offset++) {
			ports.add(gateway.getPort() + offset);
		}
		for (int port : ports) {
			for (String request : requests) {
				String answer = raw(gateway.getHost(), port, request);
				String status = answer.isEmpty() ? ""
						: answer.substring(0, answer.indexOf('\r') > 0 ? answer.indexOf('\r') : answer.length());
				String what = port + " " + HostileRequests.abbreviate(request.substring(0, request.indexOf('\r')));
				if (answer.isEmpty()) {
					findings.add(what + " -> connection closed without an answer");
				}
				else if (status.matches("HTTP/1\\.[01] 5\\d\\d.*")) {
					findings.add(what + " -> " + status);
				}
				else if (status.matches("HTTP/1\\.[01] [45]\\d\\d.*")
						&& !answer.toLowerCase().contains("content-type: application/problem+json")) {
					findings.add(what + " -> " + status + " without a problem body");
				}
			}
		}
		findings.forEach((f) -> System.out.println("[hostile-http] " + f));
		assertThat(findings).isEmpty();
		assertEveryServiceHealthy(gateway);
	}

	@Test
	void garbageOnTheStreamNeverBreaksIt() throws Exception {
		Account user = this.client.register("mile");
		this.client.moveTo(user, 35.2, 135.2);
		List<String> garbage = List.of("", "not json", "{", "[]", "null", "42", "{\"type\":42}", "{\"type\":null}",
				"{\"type\":\"subscribe\",\"radius\":\"far\"}", "{\"type\":\"subscribe\",\"radius\":1e309}",
				"{\"type\":\"subscribe\",\"latitude\":\"north\",\"longitude\":1,\"radius\":1}",
				"{\"type\":\"subscribe\",\"latitude\":91,\"longitude\":1,\"radius\":1}",
				"{\"type\":\"subscribe\",\"latitude\":1e309,\"longitude\":1,\"radius\":1}",
				"{\"type\":\"subscribe\",\"userID\":\"" + HostileRequests.algNone("x") + "\",\"radius\":1}",
				"{\"type\":\"subscribe\",\"userID\":\"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13\",\"radius\":1}",
				"{\"type\":\"launch-missiles\"}");
		try (Stream stream = this.client.openStream(user)) {
			// One at a time, as a client reads its answers: each piece of garbage gets
			// its
			// own error (a client that never reads is cut off as a slow consumer
			// instead).
			for (String text : garbage) {
				int errors = stream.ofType("error").size();
				stream.send(text);
				Instant deadline = Instant.now().plusSeconds(10);
				while (stream.ofType("error").size() == errors) {
					assertThat(Instant.now()).as("an error message for %s", HostileRequests.abbreviate(text))
						.isBefore(deadline);
					Thread.sleep(20);
				}
			}
			assertThat(stream.ofType("error")).allSatisfy((r) -> assertThat(r.message().get("code")).isNotNull());
			stream.send("{\"type\":\"ping\"}");
			stream.await((r) -> "pong".equals(r.message().get("type")), Duration.ofSeconds(10));
		}
		// Oversized frames are refused by the protocol (1009), never a server error
		// (1011).
		for (String huge : List.of("{\"type\":\"" + "x".repeat(10_000) + "\"}",
				"{\"type\":\"ping\",\"extra\":" + "[".repeat(3000) + "]".repeat(3000) + "}")) {
			try (Stream stream = this.client.openStream(user)) {
				stream.send(huge);
				Instant deadline = Instant.now().plusSeconds(10);
				while (stream.closedWith() == null && stream.ofType("error").isEmpty()) {
					assertThat(Instant.now()).as("an answer to an oversized message").isBefore(deadline);
					Thread.sleep(20);
				}
				assertThat(stream.closedWith()).as("close code").isNotEqualTo(1011);
			}
			catch (java.util.concurrent.CompletionException ex) {
				// The server closed first; the close code was checked above or the socket
				// is gone.
			}
		}
		assertEveryServiceHealthy(StackExtension.stack().gateway());
	}

	/** What is wrong with an answer to an invalid request, or null if nothing is. */
	private String check(HttpResponse<String> response) {
		int status = response.statusCode();
		String body = response.body();
		if (status >= 500) {
			return status + " " + HostileRequests.abbreviate(body);
		}
		if (status < 400) {
			return status + ": an invalid request was accepted";
		}
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json")) {
			return status + " with Content-Type '" + type + "': " + HostileRequests.abbreviate(body);
		}
		if (body.contains("Exception") || body.contains("\tat ") || body.contains("<html")) {
			return status + " leaks internals: " + HostileRequests.abbreviate(body);
		}
		try {
			Map<?, ?> problem = this.json.readValue(body, Map.class);
			if (!Integer.valueOf(status).equals(problem.get("status")) || problem.get("code") == null) {
				return status + " problem without matching status or a code: " + HostileRequests.abbreviate(body);
			}
		}
		catch (RuntimeException ex) {
			return status + " body is not JSON: " + HostileRequests.abbreviate(body);
		}
		return null;
	}

	private HttpResponse<String> send(URI base, Hostile hostile) throws java.io.IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + hostile.path()))
			.timeout(Duration.ofSeconds(20));
		hostile.headers().forEach(request::header);
		request.method(hostile.method(),
				(hostile.body() != null) ? BodyPublishers.ofByteArray(hostile.body()) : BodyPublishers.noBody());
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static URI directTo(URI gateway, String path) {
		int offset = SERVICE_PORTS.entrySet()
			.stream()
			.filter((e) -> path.startsWith(e.getKey()))
			.mapToInt(Map.Entry::getValue)
			.findFirst()
			.orElse(0);
		return URI.create("http://" + gateway.getHost() + ":" + (gateway.getPort() + offset));
	}

	private static String raw(String host, int port, String request) throws Exception {
		try (Socket socket = new Socket(host, port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			StringBuilder answer = new StringBuilder();
			try {
				int read;
				while ((read = in.read(buffer)) > 0 && answer.length() < 16_384) {
					answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
					if (answer.indexOf("\r\n\r\n") > 0 && complete(answer)) {
						break;
					}
				}
			}
			catch (java.net.SocketTimeoutException | java.net.SocketException ex) {
				// what arrived is the answer
			}
			return answer.toString();
		}
	}

	private static boolean complete(StringBuilder answer) {
		String text = answer.toString();
		int headersEnd = text.indexOf("\r\n\r\n");
		java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
			.matcher(text.substring(0, headersEnd));
		return length.find() && text.length() - headersEnd - 4 >= Integer.parseInt(length.group(1));
	}

	private Map<String, Long> rowCounts() throws Exception {
		TestInfrastructure servers = TestInfrastructure.get();
		Properties properties = new Properties();
		properties.setProperty("user", servers.username());
		if (servers.password() != null) {
			properties.setProperty("password", servers.password());
		}
		Map<String, Long> counts = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(), properties)) {
			for (String table : USER_WRITTEN_TABLES) {
				String[] parts = table.split("\\.");
				try (ResultSet exists = connection.getMetaData().getTables(null, parts[0], parts[1], null)) {
					if (!exists.next()) {
						continue;
					}
				}
				try (ResultSet rows = connection.createStatement().executeQuery("select count(*) from " + table)) {
					rows.next();
					counts.put(table, rows.getLong(1));
				}
			}
		}
		return counts;
	}

	private void assertEveryServiceHealthy(URI gateway) throws Exception {
		for (int offset = 0; offset <= 5; offset++) {
			URI health = URI.create("http://" + gateway.getHost() + ":" + (gateway.getPort() + offset) + "/health");
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(health).build(),
					BodyHandlers.ofString());
			assertThat(response.statusCode()).as(health + " " + response.body()).isEqualTo(200);
		}
	}

}
