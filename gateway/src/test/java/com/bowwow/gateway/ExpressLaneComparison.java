package com.bowwow.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the express lane to the full chain: each case sends the same request twice with
 * one token. The first time the gateway has never seen the token, so the full chain
 * verifies it; the second time the token is known and the lane takes it. Status, headers,
 * body, what reached the service and the series of {@code http.server.requests} it was
 * counted in must match; only the request ID and the date may differ. (So the lane here
 * leaves new tokens to the chain; {@link ExpressLaneNewTokenTests} turns that back on.)
 */
@TestPropertySource(properties = "bowwow.gateway.express.verify-new-tokens=false")
abstract class ExpressLaneComparison extends GatewayTestSupport {

	static final String UPDATE = "/api/v1/locations/update";

	@Autowired
	MeterRegistry meters;

	@Autowired
	StringRedisTemplate redis;

	final UserId user = UserId.random();

	final String token = TestTokens.bearer(this.user);

	/**
	 * HTTP/1.1 as the load balancer speaks it: Java's client otherwise offers an h2c
	 * upgrade, which the lane leaves to the full chain.
	 */
	@Override
	HttpRequest.Builder request(String path) {
		return super.request(path).version(java.net.http.HttpClient.Version.HTTP_1_1);
	}

	/**
	 * Sends, and checks how many requests took the lane for {@code lanePath} meanwhile.
	 */
	/** Sends, and checks how many requests took the lane meanwhile. */
	Seen sendCounted(String lanePath, String what, HttpRequest.Builder request, int expectedInLane) throws Exception {
		double before = taken(lanePath);
		Map<List<String>, Long> timersBefore = requestTimers();
		HttpResponse<String> response = send(request);
		assertThat(taken(lanePath) - before).as("%s: requests that took the express lane", what)
			.isEqualTo(expectedInLane);
		Map<List<String>, Long> counted = difference(timersBefore, requestTimersOnceCounted(timersBefore));
		assertThat(counted.values()).as("%s: counted once in http.server.requests", what).containsExactly(1L);
		return new Seen(response, counted);
	}

	private double taken(String lanePath) {
		return this.meters.find("bowwow.gateway.express.requests").tag("path", lanePath).counter().count();
	}

	/** Every http.server.requests series: its tags and its count. */
	private Map<List<String>, Long> requestTimers() {
		Map<List<String>, Long> timers = new HashMap<>();
		for (Timer timer : this.meters.find("http.server.requests").timers()) {
			Meter.Id id = timer.getId();
			timers.put(id.getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).sorted().toList(),
					timer.count());
		}
		return timers;
	}

	/**
	 * The series once the last request is counted: a request's observation stops just
	 * after its response is flushed, on both lanes.
	 */
	private Map<List<String>, Long> requestTimersOnceCounted(Map<List<String>, Long> before)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Map<List<String>, Long> timers = requestTimers();
		while (difference(before, timers).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
			timers = requestTimers();
		}
		return timers;
	}

	private static Map<List<String>, Long> difference(Map<List<String>, Long> before, Map<List<String>, Long> after) {
		Map<List<String>, Long> difference = new HashMap<>();
		after.forEach((tags, count) -> {
			long added = count - before.getOrDefault(tags, 0L);
			if (added != 0) {
				difference.put(tags, added);
			}
		});
		return difference;
	}

	HttpRequest.Builder update(String token) {
		return request(UPDATE).header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"latitude\":37.5}"));
	}

	/**
	 * Empties a rate-limit bucket ({@code user:<id>}, {@code ip:<address>}) that refills
	 * from 10 s ahead: empty for every request of a test.
	 */
	void emptyBucket(String key) {
		long now = this.redis.execute((RedisCallback<Long>) (connection) -> connection.serverCommands().time());
		this.redis.opsForHash()
			.putAll("bowwow:rate-limit:" + key, Map.of("tokens", "0", "at", Long.toString(now + 10_000)));
	}

	void assertSameAnswer(Seen chain, Seen lane) {
		assertThat(lane.response().statusCode()).isEqualTo(chain.response().statusCode());
		assertThat(comparable(lane.response().headers().map())).isEqualTo(comparable(chain.response().headers().map()));
		assertThat(comparableBody(lane.response().body())).isEqualTo(comparableBody(chain.response().body()));
		assertThat(lane.counted()).as("the http.server.requests series").isEqualTo(chain.counted());
	}

	/** Headers without the two that differ by nature: the request ID and the date. */
	private static Map<String, List<String>> comparable(Map<String, List<String>> headers) {
		Map<String, List<String>> comparable = new TreeMap<>(headers);
		comparable.remove("x-request-id");
		comparable.remove("date");
		return comparable;
	}

	/** The body with every request ID (the service's view, a problem's) blanked. */
	private static String comparableBody(String body) {
		return body.replaceAll("(chain|lane)-request-0+1", "ID")
			.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\")", "UUID")
			.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"ID\"");
	}

	/**
	 * A response, and the series of {@code http.server.requests} its request was counted
	 * in.
	 */
	record Seen(HttpResponse<String> response, Map<List<String>, Long> counted) {
	}

}
