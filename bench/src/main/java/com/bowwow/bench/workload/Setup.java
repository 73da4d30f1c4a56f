package com.bowwow.bench.workload;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import com.bowwow.bench.load.Api;
import com.bowwow.bench.load.Latency;
import com.bowwow.common.id.UserId;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Puts the population in place: registration through the gateway, positions through the
 * gateway for registered users and straight to location-service (the bulk path: positions
 * are encrypted by location-service, so there is no way around its API) for the rest.
 * Each phase runs closed-loop at a fixed concurrency and is measured on its own.
 */
public final class Setup {

	private Setup() {
	}

	/**
	 * Registers users {@code 0 … count-1} of the population through the API, or as many
	 * as the time budget allows (the rest stay unregistered and are positioned through
	 * the bulk path).
	 * @return the phase; {@link Phase#count()} is how many were registered
	 */
	public static Phase register(Api gateway, Population population, int count, int concurrency, Duration budget) {
		long deadline = System.nanoTime() + budget.toNanos();
		Phase phase = run(count, concurrency, () -> System.nanoTime() < deadline,
				(i) -> gateway
					.sendPatiently(HttpMethod.POST, "/api/v1/users/register", Requests.REGISTER, null,
							Requests.registration())
					.map((response) -> {
						if (!response.ok()) {
							return false;
						}
						JsonNode body = Requests.parse(response.body());
						population.registered(i, UserId.parse(body.get("userID").asString()),
								body.get("accessToken").asString());
						return true;
					}));
		population.registeredCount(phase.count());
		return phase;
	}

	/**
	 * Reports the position of users {@code from … to-1} through {@code api}, or of as
	 * many as the time budget allows ({@link Phase#count()}: they are
	 * {@code from … from+count-1}).
	 */
	public static Phase position(Api api, Population population, int from, int to, int concurrency, Duration budget) {
		long deadline = System.nanoTime() + budget.toNanos();
		return run(to - from, concurrency, () -> System.nanoTime() < deadline, (n) -> {
			int i = from + n;
			return api
				.sendPatiently(HttpMethod.POST, "/api/v1/locations/update", Requests.UPDATE,
						population.transientToken(i), Requests.update(population.id(i), population.position(i)))
				.map(Api.Response::ok);
		});
	}

	private static Phase run(int count, int concurrency, BooleanSupplier more, IntFunction<Mono<Boolean>> operation) {
		Latency latency = new Latency();
		AtomicLong failed = new AtomicLong();
		AtomicInteger started = new AtomicInteger();
		long start = System.nanoTime();
		// the source is read lazily, so the budget is checked as each request starts
		Flux.range(0, count)
			.takeWhile((i) -> more.getAsBoolean())
			.doOnNext((i) -> started.incrementAndGet())
			.flatMap((i) -> Mono.defer(() -> {
				long begin = System.nanoTime();
				return operation.apply(i).doOnNext((ok) -> {
					latency.recordNanos(System.nanoTime() - begin);
					if (!ok) {
						failed.incrementAndGet();
					}
				});
			}), concurrency)
			.blockLast();
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Phase(started.get(), seconds, failed.get(), latency.summary());
	}

	/**
	 * @param count operations
	 * @param seconds wall time
	 * @param failed operations that did not succeed
	 * @param latency per operation
	 */
	public record Phase(int count, double seconds, long failed, Latency.Summary latency) {

		public double perSecond() {
			return (this.seconds > 0) ? this.count / this.seconds : 0;
		}

	}

}
