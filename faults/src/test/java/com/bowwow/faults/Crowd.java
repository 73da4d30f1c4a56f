package com.bowwow.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import com.bowwow.faults.GatewayClient.Account;

/** Many phones at once: registration and the first position, a few requests in flight. */
final class Crowd {

	private Crowd() {
	}

	/** Runs the calls with at most {@code parallel} in flight; results in call order. */
	static <T> List<T> inParallel(int parallel, List<Callable<T>> calls) throws Exception {
		Semaphore permits = new Semaphore(parallel);
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> call : calls) {
				futures.add(executor.submit(() -> {
					permits.acquire();
					try {
						return call.call();
					}
					finally {
						permits.release();
					}
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

	/**
	 * {@code count} new users, each placed where {@code place} says (index → lat, lon).
	 */
	static List<Account> register(GatewayClient client, int count, java.util.function.IntFunction<double[]> place)
			throws Exception {
		List<Callable<Account>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			calls.add(() -> {
				Account account = client.register((index % 2 == 0) ? "mile" : "kilometer");
				double[] at = place.apply(index);
				client.moveTo(account, at[0], at[1]);
				return account;
			});
		}
		return inParallel(8, calls);
	}

	/** A point {@code miles} from the origin towards {@code bearingDegrees}. */
	static double[] offset(double latitude, double longitude, double miles, double bearingDegrees) {
		double north = miles * Math.cos(Math.toRadians(bearingDegrees)) * GatewayClient.MILE_NORTH;
		double east = miles * Math.sin(Math.toRadians(bearingDegrees)) * GatewayClient.MILE_NORTH
				/ Math.cos(Math.toRadians(latitude));
		return new double[] { latitude + north, longitude + east };
	}

}
