package com.bowwow.common.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bowwow.common.health.DependencyCheck;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.ProblemType;
import com.bowwow.common.warmup.WarmupTask;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service exercising every path into the error model. */
@SpringBootApplication(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
class ErrorModelTestApplication {

	static final AtomicBoolean DEPENDENCY_UP = new AtomicBoolean(true);

	/**
	 * What {@code /readyz} and {@code /health} answered while the warm-up ran, one entry
	 * per round.
	 */
	static final List<String> HEALTH_WHILE_WARMING = new CopyOnWriteArrayList<>();

	@Bean
	WarmupTask healthRecordingWarmup(Environment environment) {
		return new WarmupTask() {
			@Override
			public String name() {
				return "health-recording";
			}

			@Override
			public int round() {
				String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
				try (HttpClient http = HttpClient.newHttpClient()) {
					HttpResponse<String> readyz = http.send(
							HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
							HttpResponse.BodyHandlers.ofString());
					HttpResponse<String> health = http.send(
							HttpRequest.newBuilder(URI.create(base + "/health")).build(),
							HttpResponse.BodyHandlers.ofString());
					HEALTH_WHILE_WARMING
						.add("readyz " + readyz.statusCode() + ", health " + health.statusCode() + " " + health.body());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				return 1;
			}
		};
	}

	@Bean
	DependencyCheck switchableDependency() {
		return new DependencyCheck() {
			@Override
			public String name() {
				return "switchable";
			}

			@Override
			public boolean isHealthy() {
				return DEPENDENCY_UP.get();
			}
		};
	}

	enum TestProblem implements ProblemType {

		COOLDOWN;

		@Override
		public HttpStatus status() {
			return HttpStatus.TOO_MANY_REQUESTS;
		}

		@Override
		public String code() {
			return "SIGNAL_COOLDOWN_ACTIVE";
		}

		@Override
		public String title() {
			return "Cooldown active";
		}

	}

	record Location(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude, @NotNull Instant timestamp) {
	}

	record EchoRequest(@NotNull UserId userID, @NotNull @Valid Location location, @Positive Double maxDistance,
			Boolean urgent, String note, Integer count) {
	}

	@RestController
	static class TestController {

		@PostMapping("/echo")
		EchoRequest echo(@Valid @RequestBody EchoRequest request) {
			return request;
		}

		@GetMapping("/users/{userID}")
		Map<String, Object> user(@PathVariable("userID") UserId userId) {
			return Map.of("userID", userId, "seenAt", Instant.parse("2026-11-26T12:34:56.789Z"));
		}

		@GetMapping("/search")
		Map<String, Object> search(@org.springframework.web.bind.annotation.RequestParam("q") String q,
				@org.springframework.web.bind.annotation.RequestParam(name = "limit", required = false) Integer limit) {
			return (limit != null) ? Map.of("q", q, "limit", limit) : Map.of("q", q);
		}

		@GetMapping("/things/{id}")
		Map<String, Object> thing(@PathVariable("id") UUID id) {
			return Map.of("id", id);
		}

		@GetMapping("/cooldown")
		void cooldown() {
			throw new ApiException(TestProblem.COOLDOWN, "Wait 42 s").with("retryAfterSeconds", 42)
				.header("Retry-After", "42");
		}

		@GetMapping("/boom")
		void boom() {
			throw new IllegalStateException("secret internal detail");
		}

	}

}
