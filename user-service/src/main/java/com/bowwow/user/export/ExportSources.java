package com.bowwow.user.export;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.bowwow.common.id.UserId;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The other services' sections of an export, one RestClient each, from their {@code GET
 * /internal/export/{userID}}.
 */
@Component
@EnableConfigurationProperties(ExportProperties.class)
class ExportSources {

	private final Map<String, RestClient> clients = new LinkedHashMap<>();

	ExportSources(RestClient.Builder builder, ExportProperties properties) {
		this.clients.put("location", client(builder, properties.locationServiceUrl().toString(), properties.timeout()));
		this.clients.put("signals", client(builder, properties.signalServiceUrl().toString(), properties.timeout()));
		this.clients.put("push", client(builder, properties.pushServiceUrl().toString(), properties.timeout()));
	}

	private static RestClient client(RestClient.Builder builder, String url, Duration timeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		requests.setReadTimeout(timeout);
		return builder.clone().baseUrl(url).requestFactory(requests).build();
	}

	/** The export section names, in document order. */
	Iterable<String> sections() {
		return this.clients.keySet();
	}

	/**
	 * @return the section, a JSON object
	 * @throws RuntimeException when the service cannot answer with one
	 */
	JsonNode fetch(String section, UserId userId) {
		JsonNode body = this.clients.get(section)
			.get()
			.uri("/internal/export/{userID}", userId.toString())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(JsonNode.class);
		if (body == null || !body.isObject()) {
			throw new IllegalStateException(section + " answered something other than a JSON object");
		}
		return body;
	}

}
