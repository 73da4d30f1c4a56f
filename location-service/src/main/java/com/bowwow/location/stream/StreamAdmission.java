package com.bowwow.location.stream;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletResponse;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import com.bowwow.common.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a stream beyond what this instance holds ({@code max-streams}) with a 503
 * problem and a {@code Retry-After} of a few seconds, before the upgrade: every open
 * stream keeps about 13 KB of heap, so an instance that took every connection offered
 * would fill its heap and then thrash or die, taking all its streams with it. The
 * client's next attempt goes through the load balancer again and usually reaches another
 * task; the autoscaler adds tasks long before this bites. Streams still in their
 * handshake are not counted, so a burst can overshoot by a handful.
 */
@Component
class StreamAdmission implements HandshakeInterceptor {

	private final ConnectionRegistry connections;

	private final StreamProperties properties;

	private final ProblemWriter problems;

	private final Counter refused;

	StreamAdmission(ConnectionRegistry connections, StreamProperties properties, ProblemWriter problems,
			MeterRegistry registry) {
		this.connections = connections;
		this.properties = properties;
		this.problems = problems;
		this.refused = Counter.builder("bowwow.location.stream.refused")
			.description("Stream handshakes refused because this instance holds max-streams")
			.tag("reason", "capacity")
			.register(registry);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws IOException {
		if (this.connections.size() < this.properties.maxStreams()) {
			return true;
		}
		this.refused.increment();
		HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
		// Spread the retries: a task that filled up often did so in a reconnect burst.
		servlet.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(ThreadLocalRandom.current().nextInt(2, 6)));
		this.problems.write(servlet, Problems.of(CommonProblem.SERVICE_UNAVAILABLE,
				"This server holds as many live streams as it can; reconnect after Retry-After seconds"));
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
		// nothing to undo: an admitted stream counts once it is registered
	}

}
