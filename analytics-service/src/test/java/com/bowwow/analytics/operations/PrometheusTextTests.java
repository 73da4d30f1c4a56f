package com.bowwow.analytics.operations;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrometheusTextTests {

	static final String TEXT = """
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_count{error="none",method="GET",outcome="SUCCESS",status="200",uri="/api/v1/x"} 90
			http_server_requests_seconds_count{error="none",method="GET",outcome="SERVER_ERROR",status="503",uri="/api/v1/x"} 10.0
			http_server_requests_seconds_count{method="GET",status="200",uri="/actuator/prometheus"} 1000
			bowwow_events_outbox_backlog{application="user-service"} 7.0
			bowwow_push_dead_lettered_total 4
			bowwow_signal_arrival_lateness_seconds_bucket{le="0.01"} 50
			bowwow_signal_arrival_lateness_seconds_bucket{le="0.05"} 90
			bowwow_signal_arrival_lateness_seconds_bucket{le="0.1"} 100
			bowwow_signal_arrival_lateness_seconds_bucket{le="+Inf"} 100
			odd_line_without_value
			escaped{path="a\\"b,c}"} 1 1700000000000
			""";

	@Test
	void samplesWithLabelsEscapesAndTimestamps() {
		List<PrometheusText.Sample> samples = PrometheusText.parse(TEXT);
		assertThat(samples).hasSize(10);
		assertThat(samples.get(9).labels()).containsEntry("path", "a\"b,c}");
		assertThat(samples.get(9).value()).isEqualTo(1);
	}

	@Test
	void theDashboardsFiguresLeaveTheScrapesOwnRequestsOut() {
		MetricsScrape scrape = MetricsScrape.of(Instant.EPOCH, PrometheusText.parse(TEXT));
		assertThat(scrape.requests()).isEqualTo(100);
		assertThat(scrape.serverErrors()).isEqualTo(10);
		assertThat(scrape.outboxBacklog()).isEqualTo(7);
		assertThat(scrape.deadLettered()).isEqualTo(4);
		assertThat(scrape.lateness()).hasSize(4);
	}

	@Test
	void quantilesInterpolateInsideTheirBucketLikePrometheus() {
		TreeMap<Double, Double> histogram = MetricsScrape.of(Instant.EPOCH, PrometheusText.parse(TEXT)).lateness();
		assertThat(MetricsScrape.quantile(0.5, histogram)).isCloseTo(0.01, within(1e-9));
		assertThat(MetricsScrape.quantile(0.95, histogram)).isCloseTo(0.075, within(1e-9));
		// beyond the last finite bound, that bound is all that is known
		TreeMap<Double, Double> overflow = new TreeMap<>();
		overflow.put(0.1, 1.0);
		overflow.put(Double.POSITIVE_INFINITY, 10.0);
		assertThat(MetricsScrape.quantile(0.95, overflow)).isEqualTo(0.1);
		assertThat(MetricsScrape.quantile(0.5, new TreeMap<>())).isNull();
	}

	@Test
	void latenessSinceAnEarlierReadingIsTheGrowth() {
		MetricsScrape earlier = MetricsScrape.of(Instant.EPOCH, PrometheusText.parse(
				"bowwow_signal_arrival_lateness_seconds_bucket{le=\"0.01\"} 40\nbowwow_signal_arrival_lateness_seconds_bucket{le=\"+Inf\"} 40\n"));
		MetricsScrape later = MetricsScrape.of(Instant.EPOCH.plusSeconds(60), PrometheusText.parse(
				"bowwow_signal_arrival_lateness_seconds_bucket{le=\"0.01\"} 40\nbowwow_signal_arrival_lateness_seconds_bucket{le=\"+Inf\"} 50\n"));
		TreeMap<Double, Double> growth = later.latenessSince(earlier);
		assertThat(growth).containsEntry(0.01, 0.0).containsEntry(Double.POSITIVE_INFINITY, 10.0);
		// a restarted signal-service (counts went down): everything it has
		assertThat(earlier.latenessSince(later)).containsEntry(Double.POSITIVE_INFINITY, 40.0);
	}

}
