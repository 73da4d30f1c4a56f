package com.bowwow.user.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export over real HTTP, with a real local HTTP server standing in for
 * location-service, signal-service and push-service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class ExportTests extends HttpTestSupport {

	/** What each stand-in answers: status and body, per service path prefix. */
	static final Map<String, Object[]> ANSWERS = new ConcurrentHashMap<>();

	static final Map<String, String> SEEN = new ConcurrentHashMap<>();

	static final HttpServer OTHERS = start();

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			for (String service : List.of("location", "signals", "push")) {
				server.createContext("/" + service + "/internal/export/", (exchange) -> {
					SEEN.put(service, exchange.getRequestURI().getPath());
					Object[] answer = ANSWERS.getOrDefault(service,
							new Object[] { 200, "{\"from\":\"" + service + "\"}" });
					byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders((int) answer[0], body.length);
					exchange.getResponseBody().write(body);
					exchange.close();
				});
			}
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void others(DynamicPropertyRegistry registry) {
		String base = "http://127.0.0.1:" + OTHERS.getAddress().getPort();
		registry.add("bowwow.user.export.location-service-url", () -> base + "/location");
		registry.add("bowwow.user.export.signal-service-url", () -> base + "/signals");
		registry.add("bowwow.user.export.push-service-url", () -> base + "/push");
		registry.add("bowwow.user.export.timeout", () -> "2s");
	}

	@AfterAll
	static void stop() {
		OTHERS.stop(0);
	}

	@BeforeEach
	void allHealthy() {
		ANSWERS.clear();
		SEEN.clear();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theExportHoldsTheAccountTheSafetyDataAndEveryServicesSection() throws Exception {
		Map<String, Object> user = body(register(deviceToken(), "{\"language\":\"ko\"}"));
		Map<String, Object> other = newUser();
		Object id = user.get("userID");
		assertThat(send("POST", "/api/v1/users/" + id + "/blocks", bearer(user),
				"{\"blockedUserID\":\"" + other.get("userID") + "\"}")
			.statusCode()).isEqualTo(201);
		assertThat(send("POST", "/api/v1/reports", bearer(user),
				"{\"reportedUserID\":\"" + other.get("userID") + "\",\"reason\":\"spam\",\"note\":\"hi\"}")
			.statusCode()).isEqualTo(201);
		HttpResponse<String> response = send("GET", "/api/v1/users/" + id + "/export", bearer(user), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> export = body(response);
		assertThat(export).containsKeys("userID", "account", "safety", "location", "signals", "push");
		Map<String, Object> account = (Map<String, Object>) export.get("account");
		assertThat(account).containsEntry("userID", id)
			.containsEntry("deviceTokenStatus", "live")
			.containsEntry("settings", Map.of("isOffline", false, "distanceUnit", "mile", "language", "ko"));
		List<Map<String, Object>> installs = (List<Map<String, Object>>) account.get("installs");
		assertThat(installs).hasSize(1);
		assertThat(response.body()).doesNotContain((String) user.get("refreshToken"));
		assertThat(installs.get(0)).containsKeys("installID", "createdAt", "lastUsedAt");
		Map<String, Object> safety = (Map<String, Object>) export.get("safety");
		assertThat((List<Map<String, Object>>) safety.get("blocks")).singleElement()
			.satisfies((block) -> assertThat(block).containsEntry("blockedUserID", other.get("userID")));
		assertThat((List<Map<String, Object>>) safety.get("reportsFiled")).singleElement()
			.satisfies((report) -> assertThat(report).containsEntry("reason", "spam").containsEntry("note", "hi"));
		assertThat(safety.get("suspension")).isNull();
		assertThat(export.get("location")).isEqualTo(Map.of("from", "location"));
		assertThat(export.get("signals")).isEqualTo(Map.of("from", "signals"));
		assertThat(export.get("push")).isEqualTo(Map.of("from", "push"));
		assertThat(SEEN).containsEntry("location", "/location/internal/export/" + id)
			.containsEntry("push", "/push/internal/export/" + id);
	}

	@Test
	void onlyTheUserThemselfMayExport() throws Exception {
		Map<String, Object> user = newUser();
		Map<String, Object> other = newUser();
		problem(send("GET", "/api/v1/users/" + other.get("userID") + "/export", bearer(user), null), 403, "FORBIDDEN");
		problem(send("GET", "/api/v1/users/" + other.get("userID") + "/export", null, null), 401, "UNAUTHORIZED");
		assertThat(SEEN).isEmpty();
	}

	@Test
	void aServiceThatCannotAnswerMeansA503NeverAPartialExport() throws Exception {
		Map<String, Object> user = newUser();
		String path = "/api/v1/users/" + user.get("userID") + "/export";
		ANSWERS.put("signals", new Object[] { 500, "{\"oops\":true}" });
		HttpResponse<String> failed = send("GET", path, bearer(user), null);
		problem(failed, 503, "SERVICE_UNAVAILABLE");
		assertThat(failed.headers().firstValue("Retry-After")).isPresent();
		assertThat(failed.body()).doesNotContain("\"account\"");
		ANSWERS.put("signals", new Object[] { 200, "[1,2]" });
		problem(send("GET", path, bearer(user), null), 503, "SERVICE_UNAVAILABLE");
		ANSWERS.put("signals", new Object[] { 200, "not json" });
		problem(send("GET", path, bearer(user), null), 503, "SERVICE_UNAVAILABLE");
		ANSWERS.clear();
		assertThat(send("GET", path, bearer(user), null).statusCode()).isEqualTo(200);
	}

}
