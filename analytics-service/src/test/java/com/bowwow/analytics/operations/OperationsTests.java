package com.bowwow.analytics.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.bowwow.analytics.AnalyticsServiceTest;
import com.bowwow.analytics.FakeMetrics;
import com.bowwow.analytics.operations.Operations.GroupState;
import com.bowwow.analytics.operations.Operations.ServiceState;
import com.bowwow.analytics.operations.Operations.StreamState;
import com.bowwow.common.events.StreamFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations panel's figures: consumer groups from the real Redis, everything else
 * from Prometheus text served by {@link FakeMetrics} in place of the services' management
 * ports.
 */
@AnalyticsServiceTest
class OperationsTests {

	static final String PUSH_STREAM = "bowwow:events:push";

	@Autowired
	OperationsProbe probe;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper json;

	@LocalServerPort
	int port;

	@BeforeEach
	void fresh() {
		FakeMetrics.clear();
		this.probe.forget();
	}

	@AfterEach
	void forget() {
		FakeMetrics.clear();
		this.probe.forget();
	}

	@Test
	void consumerGroupsShowWhatWasNeverDeliveredAndWhatIsUnacknowledged() {
		String group = "ops-test-" + UUID.randomUUID();
		publish(3);
		// from the beginning, so Redis knows how many entries the group has read (from
		// "$" it answers no lag at all)
		this.redis.opsForStream().createGroup(PUSH_STREAM, ReadOffset.from("0"), group);
		// one entry delivered to the group and never acknowledged
		this.redis.opsForStream()
			.read(Consumer.from(group, "stuck"), StreamReadOptions.empty().count(1),
					StreamOffset.create(PUSH_STREAM, ReadOffset.lastConsumed()));

		StreamState push = this.probe.read()
			.streams()
			.stream()
			.filter((s) -> s.stream().equals(PUSH_STREAM))
			.findFirst()
			.orElseThrow();
		assertThat(push.length()).isGreaterThanOrEqualTo(3);
		GroupState stuck = push.groups().stream().filter((g) -> g.group().equals(group)).findFirst().orElseThrow();
		assertThat(stuck.lag()).isEqualTo(push.length() - 1);
		assertThat(stuck.pending()).isEqualTo(1);
		assertThat(stuck.consumers()).isEqualTo(1);
		// analytics-service's own consumer is listed too
		assertThat(push.groups()).extracting(GroupState::group).contains("analytics-service");
		this.redis.opsForStream().destroyGroup(PUSH_STREAM, group);
	}

	@Test
	void serviceFiguresComeFromTheirPrometheusEndpointsAndRatesFromTheGrowth() {
		FakeMetrics.set("gateway", requests(100, 0));
		FakeMetrics.set("user-service", "bowwow_events_outbox_backlog 7.0\n" + requests(10, 0));
		FakeMetrics.set("push-service", "bowwow_push_dead_lettered_total 4.0\nbowwow_events_outbox_backlog NaN\n");
		FakeMetrics.set("signal-service", lateness(0, 0, 0) + requests(5, 0));
		Operations first = this.probe.read();
		ServiceState gateway = service(first, "gateway");
		// one reading: the process's whole life
		assertThat(gateway.windowSeconds()).isNull();
		assertThat(gateway.requests()).isEqualTo(100);
		assertThat(gateway.serverErrorPercent()).isEqualTo(0.0);
		assertThat(service(first, "user-service").outboxBacklog()).isEqualTo(7);
		// a gauge that cannot read its source is unknown, not zero
		assertThat(service(first, "push-service").outboxBacklog()).isNull();
		assertThat(service(first, "push-service").deadLettered()).isEqualTo(4);
		assertThat(first.waveLateness().arrivals()).isZero();
		assertThat(first.waveLateness().p50Ms()).isNull();
		// not served: unreachable, and the rest still shows
		assertThat(service(first, "location-service").reachable()).isFalse();
		assertThat(service(first, "location-service").problem()).contains("503");

		FakeMetrics.set("gateway", requests(290, 10));
		FakeMetrics.set("signal-service", lateness(50, 90, 100) + requests(5, 0));
		Operations second = this.probe.read();
		gateway = service(second, "gateway");
		assertThat(gateway.windowSeconds()).isNotNull();
		assertThat(gateway.requests()).isEqualTo(200);
		assertThat(gateway.serverErrors()).isEqualTo(10);
		assertThat(gateway.serverErrorPercent()).isEqualTo(5.0);
		assertThat(second.waveLateness().arrivals()).isEqualTo(100);
		assertThat(second.waveLateness().p50Ms()).isEqualTo(10.0);
		assertThat(second.waveLateness().p95Ms()).isEqualTo(75.0);

		// a restarted gateway (counters back to small numbers) starts over instead of
		// showing negative rates
		FakeMetrics.set("gateway", requests(19, 1));
		gateway = service(this.probe.read(), "gateway");
		assertThat(gateway.windowSeconds()).isNull();
		assertThat(gateway.requests()).isEqualTo(20);
		assertThat(gateway.serverErrors()).isEqualTo(1);
	}

	@Test
	void theDashboardDataCarriesTheOperationsPanel() throws Exception {
		FakeMetrics.set("push-service", "bowwow_push_dead_lettered_total 3.0\n");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/analytics/dashboard/data"))
				.header("Authorization", "Bearer " + AnalyticsServiceTest.OPERATOR_TOKEN)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode operations = this.json.readTree(response.body()).get("operations");
		assertThat(operations.get("streams")).hasSize(4);
		assertThat(operations.get("services")).hasSize(FakeMetrics.SERVICES.size());
		JsonNode push = null;
		for (JsonNode service : operations.get("services")) {
			if (service.get("service").asString().equals("push-service")) {
				push = service;
			}
		}
		assertThat(push).isNotNull();
		assertThat(push.get("deadLettered").asLong()).isEqualTo(3);
	}

	static String requests(long ok, long errors) {
		return "http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/api/v1/x\"} " + ok + "\n"
				+ "http_server_requests_seconds_count{method=\"GET\",status=\"503\",uri=\"/api/v1/x\"} " + errors + "\n"
				+ "http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/actuator/prometheus\"} "
				+ (ok * 7) + "\n";
	}

	static String lateness(long within10ms, long within50ms, long all) {
		return "bowwow_signal_arrival_lateness_seconds_bucket{le=\"0.01\"} " + within10ms + "\n"
				+ "bowwow_signal_arrival_lateness_seconds_bucket{le=\"0.05\"} " + within50ms + "\n"
				+ "bowwow_signal_arrival_lateness_seconds_bucket{le=\"0.1\"} " + all + "\n"
				+ "bowwow_signal_arrival_lateness_seconds_bucket{le=\"+Inf\"} " + all + "\n";
	}

	private static ServiceState service(Operations operations, String name) {
		return operations.services().stream().filter((s) -> s.service().equals(name)).findFirst().orElseThrow();
	}

	private void publish(int count) {
		for (int i = 0; i < count; i++) {
			this.redis.opsForStream()
				.add(StreamRecords
					.string(Map.of(StreamFields.EVENT_ID, UUID.randomUUID().toString(), StreamFields.TYPE,
							"OperationsProbeTest", StreamFields.PAYLOAD, "{}"))
					.withStreamKey(PUSH_STREAM));
		}
	}

}
