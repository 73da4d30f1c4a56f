package com.bowwow.common.lifecycle;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * A bean that starts with the application and stops in its {@link LifecyclePhase}:
 * subclasses say what starting and stopping mean, this class keeps the state and the
 * phase.
 */
public abstract class PhasedLifecycle implements SmartLifecycle {

	private final LifecyclePhase phase;

	private volatile boolean running;

	protected PhasedLifecycle(LifecyclePhase phase) {
		this.phase = phase;
	}

	@Override
	public final synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		try {
			onStart();
		}
		catch (RuntimeException ex) {
			this.running = false;
			throw ex;
		}
	}

	@Override
	public final synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		onStop();
	}

	@Override
	public final boolean isRunning() {
		return this.running;
	}

	@Override
	public final int getPhase() {
		return this.phase.value();
	}

	/** Called by {@link #start()} once running; a failure leaves it stopped. */
	protected void onStart() {
	}

	/**
	 * Called by {@link #stop()} once no longer running; returns when it has let go of
	 * what it holds.
	 */
	protected void onStop() {
	}

	/**
	 * Shuts an executor down, waiting up to {@code grace} for its tasks, then interrupts
	 * what is left.
	 */
	protected static void shutdownExecutor(ExecutorService executor, Duration grace) {
		executor.shutdown();
		try {
			if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
