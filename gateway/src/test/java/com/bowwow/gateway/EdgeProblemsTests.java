package com.bowwow.gateway;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that never reach the web layer (malformed request lines, over-long URIs and
 * headers, unparseable or ambiguous paths) still get a problem body. Sent over raw
 * sockets, because no HTTP client would send them.
 */
class EdgeProblemsTests extends GatewayTestSupport {

	@Test
	void malformedRequestLine() throws Exception {
		assertProblem(raw("GARBAGE\r\n\r\n"), 400, "MALFORMED_REQUEST");
		assertProblem(raw("GET /health HTTP/9.Z\r\nHost: x\r\n\r\n"), 400, "MALFORMED_REQUEST");
	}

	@Test
	void oddRequestsAndBrokenBodiesNeverGetAnEmptyRefusal() throws Exception {
		for (String request : new String[] { "BREW /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				"GET /health HTTP/2.5\r\nHost: x\r\nConnection: close\r\n\r\n",
				"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nNo colon here\r\n\r\n",
				"POST /api/v1/users/register HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n" }) {
			Response response = raw(request);
			// Never a 5xx; a refusal is a problem (HTTP/2.5 is read as HTTP/1.x and
			// served).
			assertThat(response.status()).as(request + " -> " + response).isLessThan(500);
			if (response.status() >= 400) {
				assertThat(response.headers().get("content-type")).as(request + " -> " + response)
					.startsWith("application/problem+json");
			}
		}
	}

	@Test
	void overLongUri() throws Exception {
		assertProblem(raw("GET /api/v1/users/" + "x".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
				"URI_TOO_LONG");
	}

	@Test
	void overLargeHeaders() throws Exception {
		assertProblem(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431,
				"HEADERS_TOO_LARGE");
	}

	@Test
	void pathsThatCannotBeDecodedUnambiguously() throws Exception {
		for (String path : new String[] { "/api/v1/users/%zz", "/api/v1/users/%00", "/api/v1/users/%E2%82%28",
				"/api/v1/users/%C0%AF", "/api/v1/users/..%2f..%2finternal", "/api/v1/users/%2561",
				"/api/v1/users/{userID}", "/api/v1/users/x?distance=%zz", "http://evil.example/api/v1/users" }) {
			Response response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
			assertProblem(response, 400, "BAD_REQUEST");
		}
		assertThat(users.received("/internal")).isFalse();
	}

	@Test
	void theClientsRequestIdIsKept() throws Exception {
		Response response = raw("GET /api/v1/users/%zz HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-4f1d2c9a7b3e\r\n\r\n");
		assertThat(assertProblem(response, 400, "BAD_REQUEST").get("requestId")).isEqualTo("req-4f1d2c9a7b3e");
		assertThat(response.headers().get("x-request-id")).isEqualTo("req-4f1d2c9a7b3e");
	}

	@Test
	void wellFormedRequestsOnTheSameKindOfConnectionStillWork() throws Exception {
		Response response = raw("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
	}

	private Map<?, ?> assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
		Map<?, ?> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("status")).isEqualTo(status);
		assertThat(problem.get("code")).isEqualTo(code);
		assertThat(problem.get("requestId")).isNotNull();
		return problem;
	}

	private Response raw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) > 0) {
				bytes.write(buffer, 0, read);
			}
			return Response.parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	record Response(int status, Map<String, String> headers, String body) {

		static Response parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as(text).isPositive();
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> headers = new java.util.TreeMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
		}

	}

}
