package com.bowwow.common.warmup;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Runs every {@link WarmupTask} a number of rounds before the service reports ready.
 * Spring Boot turns readiness to accepting traffic only after the application runners
 * returned, so {@code /readyz} and {@code /health} answer 503 while this runs and the
 * load balancer sends nothing yet. With {@code bowwow.warmup.before-ready=false} the
 * rounds run right after, on a thread of their own.
 * <p>
 * Warming never stops a start: a task that fails (a dependency that is slow to come up)
 * is logged and dropped, and the budget bounds the delay however slow the machine is.
 */
public class Warmup implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(Warmup.class);

	private final List<WarmupTask> tasks;

	private final WarmupProperties properties;

	public Warmup(List<WarmupTask> tasks, WarmupProperties properties) {
		this.tasks = List.copyOf(tasks);
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.properties.beforeReady()) {
			warm();
		}
		else if (!this.tasks.isEmpty()) {
			Thread.ofPlatform().daemon().name("warmup").start(this::warm);
		}
	}

	/**
	 * @return the rounds each task completed, in the tasks' order
	 */
	public int[] warm() {
		int[] done = new int[this.tasks.size()];
		if (this.tasks.isEmpty() || this.properties.rounds() == 0) {
			return done;
		}
		long began = System.nanoTime();
		long deadline = began + this.properties.budget().toNanos();
		boolean[] failed = new boolean[this.tasks.size()];
		long[] items = new long[this.tasks.size()];
		// round-robin, so that a budget cut leaves every path partly warm rather than
		// one fully and the others cold
		for (int round = 0; round < this.properties.rounds() && System.nanoTime() < deadline; round++) {
			for (int i = 0; i < this.tasks.size() && System.nanoTime() < deadline; i++) {
				if (failed[i]) {
					continue;
				}
				try {
					items[i] += this.tasks.get(i).round();
					done[i]++;
				}
				catch (RuntimeException ex) {
					failed[i] = true;
					log.warn("Warming {} failed after {} rounds; its first requests will be slower: {}",
							this.tasks.get(i).name(), done[i], ex.toString());
				}
			}
		}
		for (WarmupTask task : this.tasks) {
			try {
				task.finish();
			}
			catch (RuntimeException ex) {
				log.warn("Finishing the warming of {} failed: {}", task.name(), ex.toString());
			}
		}
		StringBuilder summary = new StringBuilder();
		for (int i = 0; i < this.tasks.size(); i++) {
			summary.append((i > 0) ? ", " : "")
				.append(this.tasks.get(i).name())
				.append(' ')
				.append(done[i])
				.append(" rounds (")
				.append(items[i])
				.append(" items)");
		}
		log.info("Warmed in {} ms: {}", Duration.ofNanos(System.nanoTime() - began).toMillis(), summary);
		return done;
	}

}
