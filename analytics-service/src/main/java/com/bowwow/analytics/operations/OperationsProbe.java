package com.bowwow.analytics.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.analytics.operations.Operations.GroupState;
import com.bowwow.analytics.operations.Operations.ServiceState;
import com.bowwow.analytics.operations.Operations.StreamState;
import com.bowwow.analytics.operations.Operations.WaveLateness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads the operational figures on demand (when a dashboard asks, at most once per
 * {@code cacheFor}): nothing runs while nobody looks. Every scrape is kept for
 * {@code window}, so rates and lateness cover the last minutes instead of the process's
 * life once a dashboard has been open that long.
 */
public class OperationsProbe {

	private static final Logger log = LoggerFactory.getLogger(OperationsProbe.class);

	private static final String SIGNAL_SERVICE = "signal-service";

	private final StringRedisTemplate redis;

	private final OperationsProperties properties;

	private final Clock clock;

	private final HttpClient http;

	private final Map<String, Deque<MetricsScrape>> history = new ConcurrentHashMap<>();

	private Operations cached;

	public OperationsProbe(StringRedisTemplate redis, OperationsProperties properties, Clock clock) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.scrapeTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	public synchronized Operations read() {
		Instant now = this.clock.instant();
		if (this.cached != null && now.isBefore(this.cached.checkedAt().plus(this.properties.cacheFor()))) {
			return this.cached;
		}
		Map<String, CompletableFuture<String>> scrapes = new LinkedHashMap<>();
		this.properties.metrics().forEach((service, url) -> {
			if (url != null && !url.isBlank()) {
				scrapes.put(service, scrape(url.strip()));
			}
		});
		// Redis while the scrapes are in flight
		List<StreamState> streams = this.properties.streams().stream().map(this::stream).toList();
		List<ServiceState> services = new ArrayList<>();
		WaveLateness lateness = WaveLateness.NONE;
		for (Map.Entry<String, CompletableFuture<String>> entry : scrapes.entrySet()) {
			String service = entry.getKey();
			String body;
			try {
				body = entry.getValue().join();
			}
			catch (RuntimeException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				log.debug("Could not read the metrics of {}", service, cause);
				services.add(ServiceState.unreachable(service, describe(cause)));
				continue;
			}
			MetricsScrape current = MetricsScrape.of(now, PrometheusText.parse(body));
			MetricsScrape earlier = remember(service, current);
			services.add(state(service, current, earlier));
			if (service.equals(SIGNAL_SERVICE)) {
				lateness = lateness(current, earlier);
			}
		}
		this.cached = new Operations(now, streams, services, lateness);
		return this.cached;
	}

	/** Forgets earlier readings: the next one covers the processes' whole lives. */
	synchronized void forget() {
		this.history.clear();
		this.cached = null;
	}

	private CompletableFuture<String> scrape(String url) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(this.properties.scrapeTimeout())
			.header("Accept", "text/plain;version=0.0.4")
			.GET()
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode());
			}
			return response.body();
		});
	}

	private StreamState stream(String stream) {
		Long length;
		try {
			length = this.redis.opsForStream().size(stream);
		}
		catch (RuntimeException ex) {
			length = null;
		}
		List<GroupState> groups = new ArrayList<>();
		try {
			for (XInfoGroup group : this.redis.opsForStream().groups(stream)) {
				Object lag = group.getRaw().get("lag");
				groups.add(new GroupState(group.groupName(), (lag instanceof Number n) ? n.longValue() : null,
						group.pendingCount(), group.consumerCount()));
			}
		}
		catch (RuntimeException ex) {
			// no such stream yet, or Redis unreachable: no groups to show
			log.debug("Could not read the groups of {}", stream, ex);
		}
		return new StreamState(stream, length, groups);
	}

	/**
	 * Keeps {@code current} and returns the oldest reading still inside the window (null
	 * when there is none besides it, or the process restarted since).
	 */
	private MetricsScrape remember(String service, MetricsScrape current) {
		Deque<MetricsScrape> readings = this.history.computeIfAbsent(service, (s) -> new ArrayDeque<>());
		Instant oldest = current.at().minus(this.properties.window());
		while (!readings.isEmpty() && readings.peekFirst().at().isBefore(oldest)) {
			readings.pollFirst();
		}
		MetricsScrape earlier = readings.peekFirst();
		readings.addLast(current);
		if (earlier != null && current.requests() < earlier.requests()) {
			// counters went back: a new process; start over
			readings.clear();
			readings.addLast(current);
			return null;
		}
		return earlier;
	}

	private static ServiceState state(String service, MetricsScrape current, MetricsScrape earlier) {
		double requests = current.requests() - ((earlier != null) ? earlier.requests() : 0);
		double errors = current.serverErrors() - ((earlier != null) ? earlier.serverErrors() : 0);
		Long window = (earlier != null) ? Duration.between(earlier.at(), current.at()).toSeconds() : null;
		Double percent = (requests > 0) ? Math.round(errors / requests * 1000) / 10.0 : null;
		return new ServiceState(service, true, null, window, Math.round(requests), Math.round(errors), percent,
				round(current.outboxBacklog()), round(current.deadLettered()));
	}

	private static WaveLateness lateness(MetricsScrape current, MetricsScrape earlier) {
		TreeMap<Double, Double> histogram = current.latenessSince(earlier);
		if (histogram.isEmpty()) {
			return WaveLateness.NONE;
		}
		Long window = (earlier != null) ? Duration.between(earlier.at(), current.at()).toSeconds() : null;
		long arrivals = Math.round(histogram.lastEntry().getValue());
		return new WaveLateness(window, arrivals, millis(MetricsScrape.quantile(0.5, histogram)),
				millis(MetricsScrape.quantile(0.95, histogram)));
	}

	private static Double millis(Double seconds) {
		return (seconds != null) ? Math.round(seconds * 10_000) / 10.0 : null;
	}

	private static Long round(Double value) {
		return (value != null) ? Math.round(value) : null;
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
