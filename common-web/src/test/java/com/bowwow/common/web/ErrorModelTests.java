package com.bowwow.common.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request can go wrong, sent over real HTTP to a real Tomcat, must come back
 * as a problem response with a stable code and no internals.
 */
@SpringBootTest(classes = ErrorModelTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=test-service", "bowwow.environment=local", "bowwow.warmup.rounds=3",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.probes.add-additional-paths=true" })
class ErrorModelTests {

	private static final String VALID_BODY = """
			{"userID":"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13",
			 "location":{"latitude":37.78,"longitude":-122.4,"timestamp":"2026-11-26T13:34:56.5+01:00"},
			 "maxDistance":2.5}""";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@AfterEach
	void restoreDependency() {
		ErrorModelTestApplication.DEPENDENCY_UP.set(true);
	}

	@Test
	void validRequestRoundTripsWithWholeSecondTimestamps() throws Exception {
		HttpResponse<String> response = post("/echo", VALID_BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(((Map<?, ?>) body.get("location")).get("timestamp")).isEqualTo("2026-11-26T12:34:56Z");
		assertThat(body.get("userID")).isEqualTo("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13");
	}

	@Test
	void malformedJson() throws Exception {
		Map<?, ?> problem = problem(post("/echo", "{\"userID\": "), 400, "MALFORMED_JSON");
		assertThat(problem.get("detail")).isEqualTo("The request body is not valid JSON");
	}

	@Test
	void missingBody() throws Exception {
		problem(post("/echo", ""), 400, "MALFORMED_JSON");
	}

	@Test
	void oversizedBodyWithContentLength() throws Exception {
		problem(post("/echo", "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void oversizedChunkedBody() throws Exception {
		byte[] body = ("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes();
		HttpRequest request = HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		problem(this.http.send(request, BodyHandlers.ofString()), 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void badUuidInPath() throws Exception {
		Map<?, ?> problem = problem(get("/users/not-a-uuid"), 400, "INVALID_PARAMETER");
		assertThat(errors(problem)).containsExactly(
				Map.of("field", "userID", "message", "must be a UUID such as 3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13"));
		problem(get("/things/1-2-3-4-5"), 400, "INVALID_PARAMETER");
	}

	@Test
	void goodUuidInPathIsAccepted() throws Exception {
		assertThat(get("/users/3F2C1B9E-8D4A-4C6F-9B1E-2A7D5C8E0F13").body())
			.contains("\"userID\":\"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13\"")
			.contains("\"seenAt\":\"2026-11-26T12:34:56Z\"");
	}

	@Test
	void validationListsEveryField() throws Exception {
		Map<?, ?> problem = problem(post("/echo", """
				{"location":{"latitude":91,"longitude":-122.4},"maxDistance":-1}"""), 400, "VALIDATION_FAILED");
		assertThat(errors(problem)).extracting((e) -> e.get("field"))
			.containsExactlyInAnyOrder("userID", "location.latitude", "location.timestamp", "maxDistance");
	}

	@Test
	void wrongTypeNamesTheField() throws Exception {
		Map<?, ?> problem = problem(post("/echo", VALID_BODY.replace("37.78", "\"north\"")), 400, "VALIDATION_FAILED");
		assertThat(errors(problem))
			.containsExactly(Map.of("field", "location.latitude", "message", "must be a number"));
	}

	@Test
	void badTimestampNamesTheField() throws Exception {
		Map<?, ?> problem = problem(post("/echo", VALID_BODY.replace("2026-11-26T13:34:56.5+01:00", "yesterday")), 400,
				"VALIDATION_FAILED");
		assertThat(errors(problem)).containsExactly(Map.of("field", "location.timestamp", "message",
				"must be an RFC 3339 timestamp such as 2026-11-26T12:34:56Z"));
	}

	@Test
	void badUserIdInBodyNamesTheField() throws Exception {
		Map<?, ?> problem = problem(post("/echo", VALID_BODY.replace("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13", "42")),
				400, "VALIDATION_FAILED");
		assertThat(errors(problem)).extracting((e) -> e.get("field")).containsExactly("userID");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					a number for a boolean              | "maxDistance":2.5        | "maxDistance":2.5,"urgent":1          | urgent
					a string for a boolean              | "maxDistance":2.5        | "maxDistance":2.5,"urgent":"true"     | urgent
					a number for a string               | "maxDistance":2.5        | "maxDistance":2.5,"note":12345678901234567890123456789012345678901234567890123456789012345 | note
					a boolean for a string              | "maxDistance":2.5        | "maxDistance":2.5,"note":true         | note
					a string for a number               | "maxDistance":2.5        | "maxDistance":"2.5"                   | maxDistance
					a number too large for a double     | "maxDistance":2.5        | "maxDistance":1e309                   | maxDistance
					a negative overflow                 | "maxDistance":2.5        | "maxDistance":-1e400                  | maxDistance
					the word Infinity as a string       | "maxDistance":2.5        | "maxDistance":"Infinity"              | maxDistance
					a fraction for an integer           | "maxDistance":2.5        | "maxDistance":2.5,"count":1.5         | count
					a string for an integer             | "maxDistance":2.5        | "maxDistance":2.5,"count":"3"         | count
					""")
	void wrongJsonTypesAreRefusedNeverCoerced(String what, String from, String to, String field) throws Exception {
		Map<?, ?> problem = problem(post("/echo", VALID_BODY.replace(from, to)), 400, "VALIDATION_FAILED");
		assertThat(errors(problem)).extracting((e) -> e.get("field")).containsExactly(field);
	}

	@Test
	void anIntegerIsAValidDecimalAndRightTypesAreAccepted() throws Exception {
		HttpResponse<String> response = post("/echo", VALID_BODY.replace("\"maxDistance\":2.5",
				"\"maxDistance\":3,\"urgent\":false,\"note\":\"hi\",\"count\":2"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void nonNumericLiteralsAndTrailingContentAreMalformed() throws Exception {
		problem(post("/echo", VALID_BODY.replace("2.5", "NaN")), 400, "MALFORMED_JSON");
		problem(post("/echo", VALID_BODY.replace("2.5", "Infinity")), 400, "MALFORMED_JSON");
		problem(post("/echo", VALID_BODY + " {}"), 400, "MALFORMED_JSON");
	}

	@Test
	void aMultipartBodyIsAnUnsupportedMediaType() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", "multipart/form-data; boundary=xyz")
			.POST(BodyPublishers
				.ofString("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n"))
			.build();
		problem(this.http.send(request, BodyHandlers.ofString()), 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "*/*", "application/*", "application/json-patch+json",
			"application/merge-patch+json; charset=utf-8", ";;;", "json", "application/json; charset=\"" })
	void mediaTypesOtherThanJsonAreRefused(String type) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", type)
			.POST(BodyPublishers.ofString(VALID_BODY))
			.build();
		problem(this.http.send(request, BodyHandlers.ofString()), 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void jsonWithACharsetIsJson() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", "application/json; charset=UTF-8")
			.POST(BodyPublishers.ofString(VALID_BODY))
			.build();
		assertThat(this.http.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Test
	void integersInQueryParametersAreDecimalOnly() throws Exception {
		assertThat(get("/search?q=a&limit=16").statusCode()).isEqualTo(200);
		assertThat(get("/search?q=a&limit=-3").statusCode()).isEqualTo(200);
		for (String limit : new String[] { "0x10", "%2310", "1_000", "+5", "1e3", "99999999999999999999", " 5" }) {
			assertThat(get("/search?q=a&limit=" + limit.replace(" ", "%20")).statusCode()).as(limit).isEqualTo(400);
		}
	}

	@Test
	void aQueryParameterThatIsNotUtf8IsABadParameter() throws Exception {
		problem(get("/search?q=%E2%82"), 400, "INVALID_PARAMETER");
		problem(get("/search?q=%C0%AF"), 400, "INVALID_PARAMETER");
		assertThat(get("/search?q=%E2%82%AC").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			an HTTP version Tomcat does not speak | GET /users/x HTTP/2.5 |
			a broken percent-encoding            | GET /things/%zz HTTP/1.1 |
			an encoded NUL in the path           | GET /things/%00 HTTP/1.1 |
			an encoded slash climbing out        | GET /things/..%2F..%2Fhealth HTTP/1.1 |
			a path too long                      | GET /things/LONG HTTP/1.1 |
			an unknown transfer coding           | POST /echo HTTP/1.1|Transfer-Encoding: gzip, zz
			""")
	void whatTomcatRefusesItselfIsAProblemToo(String what, String requestLine, String header) throws Exception {
		StringBuilder request = new StringBuilder(requestLine.replace("LONG", "a".repeat(20_000)))
			.append("\r\nHost: localhost\r\n");
		if (header != null) {
			request.append(header).append("\r\nContent-Type: application/json\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		String answer = raw(request.toString());
		assertThat(answer).as(what).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
		assertThat(answer.toLowerCase()).as(what).contains("content-type: application/problem+json");
		assertThat(answer).as(what).doesNotContain("<html").contains("\"code\":");
	}

	private String raw(String request) throws Exception {
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void unknownPath() throws Exception {
		problem(get("/nowhere"), 404, "NOT_FOUND");
	}

	@Test
	void wrongMethod() throws Exception {
		problem(get("/echo"), 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void wrongContentType() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/echo"))
			.header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString("hello"))
			.build();
		problem(this.http.send(request, BodyHandlers.ofString()), 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void domainProblemCarriesItsCodeHeadersAndMembers() throws Exception {
		HttpResponse<String> response = get("/cooldown");
		Map<?, ?> problem = problem(response, 429, "SIGNAL_COOLDOWN_ACTIVE");
		assertThat(problem.get("retryAfterSeconds")).isEqualTo(42);
		assertThat(problem.get("type")).isEqualTo("https://api.bowwow.app/problems/signal-cooldown-active");
		assertThat(problem.get("instance")).isEqualTo("/cooldown");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("42");
	}

	@Test
	void unexpectedFailureHidesInternals() throws Exception {
		HttpResponse<String> response = get("/boom");
		Map<?, ?> problem = problem(response, 500, "INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("secret internal detail")
			.doesNotContain("IllegalStateException")
			.doesNotContain("at com.");
		assertThat((String) problem.get("detail")).contains("reference");
	}

	@Test
	void requestIdIsEchoedOrCreated() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/nowhere"))
			.header("X-Request-Id", "client-req-12345")
			.build();
		HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("client-req-12345");
		assertThat(this.json.readValue(response.body(), Map.class).get("requestId")).isEqualTo("client-req-12345");
		HttpRequest injected = HttpRequest.newBuilder(uri("/nowhere"))
			.header("X-Request-Id", "bad id\twith tab")
			.build();
		assertThat(this.http.send(injected, BodyHandlers.ofString()).headers().firstValue("X-Request-Id").orElseThrow())
			.matches("[0-9a-f-]{36}");
	}

	@Test
	void healthIsUpWhenDependenciesAre() throws Exception {
		HttpResponse<String> response = get("/health");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("service")).isEqualTo("test-service");
		assertThat(body.get("status")).isEqualTo("healthy");
		assertThat(body.get("dependencies")).isEqualTo(Map.of("switchable", "healthy"));
		assertThat(body.keySet().stream().map(Object::toString).toList()).containsExactly("service", "status",
				"timestamp", "version", "dependencies");
		assertThat((String) body.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
	}

	/**
	 * The port is open while the service warms its request paths, but it must not look
	 * ready: the load balancer would send users to the cold paths warming is for.
	 */
	@Test
	void notReadyAndStartingUntilTheWarmUpIsDone() throws Exception {
		assertThat(ErrorModelTestApplication.HEALTH_WHILE_WARMING).hasSize(3)
			.allSatisfy((answer) -> assertThat(answer).startsWith("readyz 503, health 503 ")
				.contains("\"status\":\"starting\""));
		assertThat(get("/readyz").statusCode()).isEqualTo(200);
		assertThat(get("/health").statusCode()).isEqualTo(200);
	}

	@Test
	void healthIs503WhenADependencyFails() throws Exception {
		ErrorModelTestApplication.DEPENDENCY_UP.set(false);
		HttpResponse<String> response = get("/health");
		assertThat(response.statusCode()).isEqualTo(503);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("status")).isEqualTo("unhealthy");
		assertThat(body.get("dependencies")).isEqualTo(Map.of("switchable", "unhealthy"));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		Map<String, Object> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("status")).isEqualTo(status);
		assertThat(problem.get("code")).isEqualTo(code);
		assertThat(problem.get("title")).isNotNull();
		assertThat(problem).doesNotContainKeys("trace", "exception", "stackTrace");
		return problem;
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> errors(Map<?, ?> problem) {
		return (List<Map<String, Object>>) problem.get("errors");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
