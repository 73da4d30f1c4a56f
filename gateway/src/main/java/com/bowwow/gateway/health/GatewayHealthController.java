package com.bowwow.gateway.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.common.autoconfigure.Versions;
import com.bowwow.common.health.DependencyCheck;
import com.bowwow.common.health.ServiceHealth;
import com.bowwow.gateway.GatewayProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /health} for the load balancer and the iOS client. It answers 200 whenever
 * the gateway itself can serve: a downstream outage shows in {@code dependencies} but
 * must not make the load balancer kill healthy gateway tasks.
 */
@RestController
class GatewayHealthController {

	private final GatewayProperties properties;

	private final WebClient webClient;

	private final List<DependencyCheck> localChecks;

	private final String version;

	private final Clock clock;

	public GatewayHealthController(GatewayProperties properties, WebClient.Builder webClientBuilder,
			List<DependencyCheck> localChecks, ObjectProvider<BuildProperties> buildProperties, Clock clock) {
		this.properties = properties;
		// Own metric name: http.client.requests belongs to the routed traffic, whose tags
		// differ, and Prometheus drops a second set of tag keys under one name.
		this.webClient = webClientBuilder.clone()
			.observationConvention(new DefaultClientRequestObservationConvention("bowwow.gateway.health.requests"))
			.build();
		this.localChecks = localChecks;
		this.version = Versions.describe(buildProperties.getIfAvailable());
		this.clock = clock;
	}

	@GetMapping("/health")
	public Mono<ResponseEntity<ServiceHealth>> health() {
		Flux<Map.Entry<String, String>> downstream = Flux.fromIterable(this.properties.services().entrySet())
			.flatMap((service) -> probe(service.getValue().resolve("/health").toString())
				.map((state) -> Map.entry(service.getKey(), state)));
		// Local checks (Redis) are blocking calls: keep them off the event loop.
		Flux<Map.Entry<String, String>> local = Flux.fromIterable(this.localChecks)
			.flatMap((check) -> Mono.fromCallable(
					() -> Map.entry(check.name(), check.isHealthy() ? ServiceHealth.HEALTHY : ServiceHealth.UNHEALTHY))
				.subscribeOn(Schedulers.boundedElastic()));
		return Flux.merge(downstream, local).collectList().map((entries) -> {
			Map<String, String> dependencies = new LinkedHashMap<>();
			this.properties.services().keySet().forEach((name) -> dependencies.put(name, null));
			entries.forEach((entry) -> dependencies.put(entry.getKey(), entry.getValue()));
			return ResponseEntity.ok(new ServiceHealth("gateway", ServiceHealth.HEALTHY, Instant.now(this.clock),
					this.version, dependencies));
		});
	}

	private Mono<String> probe(String url) {
		return this.webClient.get()
			.uri(url)
			.exchangeToMono((response) -> Mono
				.just(response.statusCode().is2xxSuccessful() ? ServiceHealth.HEALTHY : ServiceHealth.UNHEALTHY))
			.timeout(this.properties.healthTimeout())
			.onErrorReturn("unreachable");
	}

}
