package com.bowwow.common.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BackgroundWorkerTests {

	private final List<BackgroundWorker> workers = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(BackgroundWorker::stop);
	}

	@Test
	void roundsRepeatAfterTheDelayAndAtOnceWhenWoken() throws Exception {
		AtomicInteger rounds = new AtomicInteger();
		Rounds worker = start(new Rounds(Duration.ofSeconds(1), BackgroundWorker.OnStop.FINISH_ROUND, Duration.ZERO,
				Duration.ofHours(1), rounds::incrementAndGet));
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 1);
		Thread.sleep(200);
		assertThat(rounds).as("the next round waits for the delay").hasValue(1);
		worker.wakeUp();
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 2);
	}

	@Test
	void theFirstRoundWaitsForTheInitialDelay() throws Exception {
		AtomicInteger rounds = new AtomicInteger();
		start(new Rounds(Duration.ofSeconds(1), BackgroundWorker.OnStop.FINISH_ROUND, Duration.ofMillis(300),
				Duration.ofHours(1), rounds::incrementAndGet));
		Thread.sleep(100);
		assertThat(rounds).hasValue(0);
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 1);
	}

	@Test
	void aFailingRoundDoesNotEndTheWorker() {
		AtomicInteger rounds = new AtomicInteger();
		start(new Rounds(Duration.ofSeconds(1), BackgroundWorker.OnStop.FINISH_ROUND, Duration.ZERO,
				Duration.ofMillis(10), () -> {
					rounds.incrementAndGet();
					throw new IllegalStateException("database down");
				}));
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() > 2);
	}

	/**
	 * A round within the grace finishes before the worker lets go; one beyond it is
	 * interrupted when the grace runs out; an interrupting worker interrupts it at once.
	 * The stop never takes much longer than the grace.
	 */
	@ParameterizedTest
	@CsvSource({ "FINISH_ROUND, 5000, 300, round finished, true", "FINISH_ROUND, 200, 60000, round interrupted, false",
			"INTERRUPT, 10000, 60000, round interrupted, true" })
	void stopTreatsTheRoundInFlightAsItsPolicySays(BackgroundWorker.OnStop onStop, long graceMillis, long roundMillis,
			String outcome, boolean beforeLettingGo) throws Exception {
		CountDownLatch inRound = new CountDownLatch(1);
		List<String> events = new CopyOnWriteArrayList<>();
		Rounds worker = start(
				new Rounds(Duration.ofMillis(graceMillis), onStop, Duration.ZERO, Duration.ofHours(1), () -> {
					inRound.countDown();
					try {
						Thread.sleep(roundMillis);
						events.add("round finished");
					}
					catch (InterruptedException ex) {
						events.add("round interrupted");
					}
				}));
		worker.afterStop = () -> events.add("after stop");
		assertThat(inRound.await(2, TimeUnit.SECONDS)).isTrue();
		long started = System.nanoTime();
		worker.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(worker.isRunning()).isFalse();
		assertThat(worker.stopRequested()).isTrue();
		await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 2);
		if (beforeLettingGo) {
			assertThat(events).containsExactly(outcome, "after stop");
		}
		else {
			assertThat(events).containsExactlyInAnyOrder(outcome, "after stop");
		}
	}

	@Test
	void stopEndsAPauseAtOnce() {
		AtomicInteger rounds = new AtomicInteger();
		Rounds worker = start(new Rounds(Duration.ofSeconds(30), BackgroundWorker.OnStop.FINISH_ROUND, Duration.ZERO,
				Duration.ofHours(1), rounds::incrementAndGet));
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 1);
		long started = System.nanoTime();
		worker.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(worker.thread.isAlive()).isFalse();
	}

	@Test
	void aWorkerStartsAgainAfterAStop() {
		AtomicInteger rounds = new AtomicInteger();
		Rounds worker = start(new Rounds(Duration.ofSeconds(1), BackgroundWorker.OnStop.FINISH_ROUND, Duration.ZERO,
				Duration.ofHours(1), rounds::incrementAndGet));
		assertThat(worker.stopRequested()).isFalse();
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 1);
		worker.stop();
		worker.start();
		assertThat(worker.stopRequested()).isFalse();
		await().atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 2);
		assertThat(worker.thread.getName()).isEqualTo("test-rounds");
	}

	private Rounds start(Rounds worker) {
		this.workers.add(worker);
		worker.start();
		return worker;
	}

	private static final class Rounds extends BackgroundWorker {

		private final Duration initialDelay;

		private final Duration delay;

		private final Runnable round;

		volatile Runnable afterStop = () -> {
		};

		volatile Thread thread;

		Rounds(Duration grace, OnStop onStop, Duration initialDelay, Duration delay, Runnable round) {
			super(LifecyclePhase.WORKERS, grace, onStop);
			this.initialDelay = initialDelay;
			this.delay = delay;
			this.round = round;
		}

		@Override
		protected void startWork() {
			every("test-rounds", ThreadKind.PLATFORM, this.initialDelay, this.delay, () -> {
				this.thread = Thread.currentThread();
				this.round.run();
			});
		}

		@Override
		protected void afterStop() {
			this.afterStop.run();
		}

	}

}
