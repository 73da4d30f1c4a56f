package com.bowwow.push.apns;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.message.Messages;
import com.bowwow.push.message.PushMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * How many pushes per second one {@link PushyPushSender} (as configured in production:
 * token auth, 4 connections) gets through to Pushy's mock APNs server over TLS on this
 * machine. Run by hand, not by the build:
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test -pl push-service
 * java -cp push-service/target/test-classes:push-service/target/classes:$(cat push-service/target/cp.txt) \
 *     com.bowwow.push.apns.ApnsBenchmark [pushes] [in-flight]
 * </pre>
 */
public final class ApnsBenchmark {

	private ApnsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int pushes = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int inFlight = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000;
		PushyPushSender sender = new PushyPushSender(new ApnsProperties(null, MockApns.signingKeyPem(), MockApns.KEY_ID,
				MockApns.TEAM_ID, MockApns.TOPIC, false, "localhost", MockApns.port(),
				MockApns.trustedCertificateFile(), 4, Duration.ofSeconds(5), Duration.ofSeconds(30)),
				new SimpleMeterRegistry());
		sender.start();
		String token = MockApns.newDeviceToken();
		PushMessage message = Messages.arrival(token, UUID.randomUUID(), UserId.random(), SignalKind.SIGNAL, 482.8,
				CompassDirection.NE, DistanceUnit.MILE, Instant.now().plusSeconds(600));
		try {
			run(sender, message, 2_000, inFlight);
			long started = System.nanoTime();
			int accepted = run(sender, message, pushes, inFlight);
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf("%d pushes (%d accepted), %d in flight, 4 connections: %.2f s, %.0f pushes/s%n", pushes,
					accepted, inFlight, seconds, pushes / seconds);
		}
		finally {
			sender.stop();
			MockApns.stop();
		}
	}

	private static int run(PushSender sender, PushMessage message, int pushes, int inFlight) throws Exception {
		Semaphore window = new Semaphore(inFlight);
		CountDownLatch done = new CountDownLatch(pushes);
		AtomicInteger accepted = new AtomicInteger();
		for (int i = 0; i < pushes; i++) {
			window.acquire();
			sender.send(message).whenComplete((result, failure) -> {
				if (result instanceof SendResult.Accepted) {
					accepted.incrementAndGet();
				}
				window.release();
				done.countDown();
			});
		}
		done.await();
		return accepted.get();
	}

}
