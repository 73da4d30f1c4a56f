package com.bowwow.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description served through the gateway, assembled from each service's
 * {@code /v3/api-docs}. The services are stand-ins that document what the contract
 * (api-v1.md) names, plus internal endpoints that must not leak; when the real services
 * expose springdoc, the same contract list applies to them (see the e2e journey).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class ApiDocsTests {

	/** Every operation of the public contract, path parameters named as in api-v1.md. */
	static final List<String> CONTRACT = List.of("POST /api/v1/users/register", "GET /api/v1/users/{userID}",
			"DELETE /api/v1/users/{userID}", "PUT /api/v1/users/{userID}/settings", "POST /api/v1/locations/update",
			"GET /api/v1/locations/nearby/{userID}", "GET /api/v1/locations/stream", "POST /api/v1/signals",
			"GET /api/v1/signals/received/{userID}", "POST /api/v1/signals/{signalID}/respond",
			"GET /api/v1/signals/sent/{userID}", "POST /api/v1/push/test", "GET /api/v1/analytics/stats",
			"GET /api/v1/analytics/signals/activity", "GET /api/v1/analytics/users/activity",
			"POST /api/v1/users/{userID}/blocks", "GET /api/v1/users/{userID}/blocks",
			"DELETE /api/v1/users/{userID}/blocks/{blockedUserID}", "POST /api/v1/reports",
			"GET /api/v1/operator/reports", "POST /api/v1/operator/users/{userID}/suspension",
			"DELETE /api/v1/operator/users/{userID}/suspension", "GET /health");

	private static final JsonMapper json = JsonMapper.builder().build();

	// Services name path variables their own way (userId); the contract check ignores
	// names.
	static final StandInService users = StandInService.withApiDocs(document("user-service",
			"POST /api/v1/users/register", "GET /api/v1/users/{userId}", "DELETE /api/v1/users/{userId}",
			"PUT /api/v1/users/{userId}/settings", "POST /api/v1/users/{userId}/blocks",
			"GET /api/v1/users/{userId}/blocks", "DELETE /api/v1/users/{userId}/blocks/{blockedUserId}",
			"POST /api/v1/reports", "GET /api/v1/operator/reports", "POST /api/v1/operator/reports/{reportId}/close",
			"POST /api/v1/operator/users/{userId}/suspension", "DELETE /api/v1/operator/users/{userId}/suspension",
			"GET /internal/users/{userId}/push-profile", "GET /health"));

	static final StandInService locations = StandInService
		.withApiDocs(document("location-service", "POST /api/v1/locations/update",
				"GET /api/v1/locations/nearby/{userId}", "DELETE /internal/locations/{userId}"));

	static final StandInService signals = StandInService
		.withApiDocs(document("signal-service", "POST /api/v1/signals", "GET /api/v1/signals/received/{userId}",
				"POST /api/v1/signals/{signalId}/respond", "GET /api/v1/signals/sent/{userId}"));

	static final StandInService push = StandInService.withApiDocs(document("push-service", "POST /api/v1/push/test"));

	static final StandInService analytics = StandInService
		.withApiDocs(document("analytics-service", "GET /api/v1/analytics/stats",
				"GET /api/v1/analytics/signals/activity", "GET /api/v1/analytics/users/activity"));

	static final int closedPort = StandInService.closedPort();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("bowwow.gateway.services.user-service", users::url);
		registry.add("bowwow.gateway.services.location-service", locations::url);
		registry.add("bowwow.gateway.services.signal-service", signals::url);
		registry.add("bowwow.gateway.services.push-service", push::url);
		registry.add("bowwow.gateway.services.analytics-service", analytics::url);
		registry.add("bowwow.gateway.services.broken-service", () -> "http://localhost:" + closedPort);
	}

	@Test
	void wholeApiDescriptionHasEveryContractOperationWithoutAToken() throws Exception {
		Map<?, ?> document = getJson("/api/v1/docs", 200);
		List<String> documented = operations(document);
		List<String> missing = new ArrayList<>();
		for (String operation : CONTRACT) {
			if (!documented.contains(normalise(operation))) {
				missing.add(operation);
			}
		}
		assertThat(missing).as("contract operations missing from the API description").isEmpty();
		assertThat(document.get("openapi")).isEqualTo("3.1.0");
	}

	@Test
	void wholeApiDescriptionLeavesOutInternalAndServicePrivatePaths() throws Exception {
		Map<?, ?> paths = (Map<?, ?>) getJson("/api/v1/docs", 200).get("paths");
		assertThat(paths.keySet()).allMatch((path) -> ((String) path).startsWith("/api/v1/") || path.equals("/health"))
			.noneMatch((path) -> ((String) path).contains("internal"));
	}

	@Test
	void wholeApiDescriptionMergesComponentsAndDeclaresTheBearerScheme() throws Exception {
		Map<?, ?> document = getJson("/api/v1/docs", 200);
		Map<?, ?> components = (Map<?, ?>) document.get("components");
		assertThat(keys(components.get("schemas"))).contains("Problem", "UserServiceThing", "AnalyticsServiceThing");
		assertThat(((Map<?, ?>) components.get("securitySchemes")).get("bearerAuth")).isNotNull();
		Map<?, ?> register = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("paths")).get("/api/v1/users/register"))
			.get("post");
		assertThat((List<?>) register.get("security")).as("registration needs no token").isEmpty();
		Map<?, ?> stats = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("paths")).get("/api/v1/analytics/stats"))
			.get("get");
		assertThat(stats.get("security")).as("analytics takes the operator token")
			.isEqualTo(List.of(Map.of("operatorToken", List.of())));
		Map<?, ?> reports = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("paths"))
			.get("/api/v1/operator/reports")).get("get");
		assertThat(reports.get("security")).as("user-service's operator endpoints take the operator token")
			.isEqualTo(List.of(Map.of("operatorToken", List.of())));
		Map<?, ?> report = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("paths")).get("/api/v1/reports"))
			.get("post");
		assertThat(report.get("security")).as("reports take the user's token").isNull();
		assertThat(document.get("x-bowwow-unavailable-services")).isEqualTo(List.of("broken-service"));
	}

	@Test
	void eachServicesPublicDescriptionIsServedOnItsOwn() throws Exception {
		Map<?, ?> paths = (Map<?, ?>) getJson("/api/v1/docs/user-service", 200).get("paths");
		assertThat(keys(paths)).containsExactlyInAnyOrder("/api/v1/users/register", "/api/v1/users/{userId}",
				"/api/v1/users/{userId}/settings", "/api/v1/users/{userId}/blocks",
				"/api/v1/users/{userId}/blocks/{blockedUserId}", "/api/v1/reports", "/api/v1/operator/reports",
				"/api/v1/operator/reports/{reportId}/close", "/api/v1/operator/users/{userId}/suspension");
		assertThat(getJson("/api/v1/docs/broken-service", 503).get("code")).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(getJson("/api/v1/docs/nobody", 404).get("code")).isEqualTo("NOT_FOUND");
	}

	@Test
	void swaggerUiListsTheWholeApiAndEachService() throws Exception {
		Map<?, ?> config = getJson("/v3/api-docs/swagger-config", 200);
		List<String> urls = ((List<?>) config.get("urls")).stream()
			.map((entry) -> (String) ((Map<?, ?>) entry).get("url"))
			.toList();
		assertThat(urls).contains("/api/v1/docs", "/api/v1/docs/user-service", "/api/v1/docs/location-service",
				"/api/v1/docs/signal-service", "/api/v1/docs/push-service", "/api/v1/docs/analytics-service");
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(uri("/swagger-ui.html")).build(),
				BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(302);
		String location = page.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> ui = this.http.send(HttpRequest.newBuilder(uri("/").resolve(location)).build(),
				BodyHandlers.ofString());
		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

	private Map<?, ?> getJson(String path, int status) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
		return json.readValue(response.body(), Map.class);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static List<String> operations(Map<?, ?> document) {
		List<String> operations = new ArrayList<>();
		((Map<?, ?>) document.get("paths")).forEach((path, item) -> ((Map<?, ?>) item).keySet()
			.forEach((method) -> operations.add(normalise(((String) method).toUpperCase(Locale.ROOT) + " " + path))));
		return operations;
	}

	private static List<String> keys(Object map) {
		return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
	}

	private static String normalise(String operation) {
		return operation.replaceAll("\\{[^}]+}", "{}");
	}

	/** A springdoc-like document with one operation per entry and a shared schema. */
	private static String document(String service, String... operations) {
		Map<String, Object> paths = new LinkedHashMap<>();
		for (String operation : operations) {
			String[] parts = operation.split(" ");
			@SuppressWarnings("unchecked")
			Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(parts[1],
					(path) -> new LinkedHashMap<>());
			item.put(parts[0].toLowerCase(Locale.ROOT),
					Map.of("operationId", parts[0].toLowerCase(Locale.ROOT) + parts[1].replaceAll("\\W", ""),
							"responses", Map.of("200", Map.of("description", "OK"))));
		}
		Map<String, Object> schemas = Map.of("Problem", Map.of("type", "object"), pascal(service) + "Thing",
				Map.of("type", "object"));
		return json.writeValueAsString(Map.of("openapi", "3.1.0", "info", Map.of("title", service, "version", "1"),
				"paths", paths, "components", Map.of("schemas", schemas)));
	}

	private static String pascal(String service) {
		StringBuilder name = new StringBuilder();
		for (String part : service.split("-")) {
			name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return name.toString();
	}

}
