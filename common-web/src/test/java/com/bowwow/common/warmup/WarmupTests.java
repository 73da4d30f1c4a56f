package com.bowwow.common.warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTests {

	private final List<String> log = new ArrayList<>();

	@Test
	void everyTaskRunsItsRoundsInTurnAndFinishesOnce() {
		int[] done = new Warmup(List.of(task("a", 0), task("b", 0)),
				new WarmupProperties(2, Duration.ofMinutes(1), true))
			.warm();
		assertThat(done).containsExactly(2, 2);
		assertThat(this.log).containsExactly("a", "b", "a", "b", "finish a", "finish b");
	}

	@Test
	void aFailingTaskIsDroppedAndTheOthersGoOn() {
		WarmupTask failing = new WarmupTask() {
			@Override
			public String name() {
				return "failing";
			}

			@Override
			public int round() {
				WarmupTests.this.log.add("failing");
				throw new IllegalStateException("location-service is not up yet");
			}

			@Override
			public void finish() {
				WarmupTests.this.log.add("finish failing");
			}
		};
		int[] done = new Warmup(List.of(failing, task("b", 0)), new WarmupProperties(3, Duration.ofMinutes(1), true))
			.warm();
		assertThat(done).containsExactly(0, 3);
		assertThat(this.log).containsExactly("failing", "b", "b", "b", "finish failing", "finish b");
	}

	@Test
	void theBudgetBoundsTheDelayHoweverManyRoundsAreAsked() {
		int[] done = new Warmup(List.of(task("slow", 20)), new WarmupProperties(1_000, Duration.ofMillis(200), true))
			.warm();
		assertThat(done[0]).isBetween(1, 999);
		assertThat(this.log).last().isEqualTo("finish slow");
	}

	@Test
	void afterReadyTheRoundsRunOnTheirOwnThread() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(1);
		List<String> threads = new CopyOnWriteArrayList<>();
		WarmupTask blocked = new WarmupTask() {
			@Override
			public String name() {
				return "blocked";
			}

			@Override
			public int round() {
				threads.add(Thread.currentThread().getName());
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return 1;
			}

			@Override
			public void finish() {
				finished.countDown();
			}
		};
		// returns although the round cannot finish yet: readiness is not held back
		new Warmup(List.of(blocked), new WarmupProperties(1, Duration.ofMinutes(1), false)).run(null);
		assertThat(finished.getCount()).isOne();
		release.countDown();
		assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(threads).containsExactly("warmup");
	}

	@Test
	void noRoundsNoWork() {
		int[] done = new Warmup(List.of(task("a", 0)), new WarmupProperties(0, Duration.ofMinutes(1), true)).warm();
		assertThat(done).containsExactly(0);
		assertThat(this.log).isEmpty();
	}

	private WarmupTask task(String name, long sleepMillis) {
		return new WarmupTask() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public int round() {
				WarmupTests.this.log.add(name);
				try {
					Thread.sleep(sleepMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return 1;
			}

			@Override
			public void finish() {
				WarmupTests.this.log.add("finish " + name);
			}
		};
	}

}
