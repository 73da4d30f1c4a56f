package com.bowwow.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.analytics.operations.OperationsProperties;
import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the other services' management ports: serves Prometheus text that tests
 * set per service ({@code /<service>}); a service without text answers 503. The test
 * context's operations panel reads these instead of localhost:9000-9005 (so a stack
 * running on the same machine never leaks into a test).
 */
public final class FakeMetrics {

	public static final List<String> SERVICES = List.of("gateway", "user-service", "location-service", "signal-service",
			"push-service", "analytics-service");

	private static final Map<String, String> BODIES = new ConcurrentHashMap<>();

	private static final HttpServer SERVER = start();

	private FakeMetrics() {
	}

	public static void set(String service, String prometheusText) {
		BODIES.put(service, prometheusText);
	}

	public static void clear() {
		BODIES.clear();
	}

	static String url(String service) {
		return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/" + service;
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				String body = BODIES.get(exchange.getRequestURI().getPath().substring(1));
				byte[] bytes = ((body != null) ? body : "down").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/plain;version=0.0.4");
				exchange.sendResponseHeaders((body != null) ? 200 : 503, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			server.setExecutor(null);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The operations panel of the test context reads the fake, with no caching. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		OperationsProperties fakeMetricsOperationsProperties() {
			Map<String, String> metrics = new LinkedHashMap<>();
			SERVICES.forEach((service) -> metrics.put(service, url(service)));
			return new OperationsProperties(metrics, List.of("bowwow:events:user", "bowwow:events:location",
					"bowwow:events:signal", "bowwow:events:push"), Duration.ofSeconds(2), Duration.ZERO,
					Duration.ofMinutes(5));
		}

	}

}
