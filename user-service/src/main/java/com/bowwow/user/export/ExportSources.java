package com.bowwow.user.export;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.InternalHttp;
import com.bowwow.common.internal.ServiceTokens;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
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

	ExportSources(RestClient.Builder builder, ExportProperties properties, ServiceTokens tokens) {
		this.clients.put("location", client(builder, properties.locationServiceUrl().toString(), properties.timeout(),
				tokens.interceptor("location-service")));
		this.clients.put("signals", client(builder, properties.signalServiceUrl().toString(), properties.timeout(),
				tokens.interceptor("signal-service")));
		this.clients.put("push", client(builder, properties.pushServiceUrl().toString(), properties.timeout(),
				tokens.interceptor("push-service")));
	}

	/** Each client sends user-service's service token for the service it calls. */
	private static RestClient client(RestClient.Builder builder, String url, Duration timeout,
			ClientHttpRequestInterceptor serviceToken) {
		JdkClientHttpRequestFactory requests = InternalHttp.requestFactory(timeout);
		return builder.clone().baseUrl(url).requestFactory(requests).requestInterceptor(serviceToken).build();
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
