package com.bowwow.gateway.docs;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bowwow.common.autoconfigure.Versions;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.gateway.GatewayProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /api/v1/docs} (the whole public API in one OpenAPI document) and
 * {@code GET /api/v1/docs/<service>} (one service's public part). Served by the gateway
 * rather than routed straight to {@code <service>/v3/api-docs} so that internal endpoints
 * are filtered out and "Try it out" targets the gateway.
 */
@RestController
class ApiDocsController {

	/** Where springdoc serves a service's description. */
	static final String SERVICE_DOCS_PATH = "/v3/api-docs";

	private final GatewayProperties properties;

	private final WebClient webClient;

	private final JsonMapper json;

	private final String version;

	public ApiDocsController(GatewayProperties properties, WebClient.Builder webClientBuilder, JsonMapper json,
			ObjectProvider<BuildProperties> buildProperties) {
		this.properties = properties;
		// Own metric name: http.client.requests belongs to the routed traffic, whose tags
		// differ, and Prometheus drops a second set of tag keys under one name.
		this.webClient = webClientBuilder.clone()
			.observationConvention(new DefaultClientRequestObservationConvention("bowwow.gateway.docs.requests"))
			.build();
		this.json = json;
		this.version = Versions.describe(buildProperties.getIfAvailable());
	}

	@GetMapping(path = "/api/v1/docs", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ObjectNode> wholeApi() {
		return Flux.fromIterable(this.properties.services().entrySet())
			.flatMapSequential((service) -> fetch(service.getValue())
				.map((document) -> Map.entry(service.getKey(), Optional.of(document)))
				.onErrorResume((ex) -> Mono.just(Map.entry(service.getKey(), Optional.empty()))))
			.collectList()
			.map((results) -> {
				Map<String, ObjectNode> documents = new LinkedHashMap<>();
				List<String> unavailable = new ArrayList<>();
				results.forEach((result) -> result.getValue()
					.ifPresentOrElse((document) -> documents.put(result.getKey(), document),
							() -> unavailable.add(result.getKey())));
				return OpenApiDocuments.merge(this.json, this.version, documents, unavailable);
			});
	}

	@GetMapping(path = "/api/v1/docs/{service}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ObjectNode> service(@PathVariable("service") String service) {
		URI base = this.properties.services().get(service);
		if (base == null) {
			return Mono.error(ApiException.notFound("No service named " + service));
		}
		return fetch(base).map(OpenApiDocuments::publicOnly)
			.onErrorMap((ex) -> !(ex instanceof ApiException),
					(ex) -> new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
							"The API description of " + service + " is unavailable right now", ex)
						.header("Retry-After", "5"));
	}

	private Mono<ObjectNode> fetch(URI base) {
		return this.webClient.get()
			.uri(base.resolve(SERVICE_DOCS_PATH))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(this.properties.docsTimeout())
			.map((body) -> {
				JsonNode document = this.json.readTree(body);
				if (!(document instanceof ObjectNode object)) {
					throw new IllegalStateException("Not an OpenAPI document");
				}
				return object;
			});
	}

}
