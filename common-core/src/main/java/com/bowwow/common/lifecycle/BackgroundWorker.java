package com.bowwow.common.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work that runs on threads of its own while the application runs. A subclass
 * starts its loops in {@link #startWork()} ({@link #every} for a round repeated after a
 * pause, {@link #loop} for a loop of its own) and lets go of what it holds in
 * {@link #afterStop()}; this class creates the threads, wakes them for an early round,
 * and on stop wakes them from their pauses and waits up to {@code grace} for them to end.
 */
public abstract class BackgroundWorker extends PhasedLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BackgroundWorker.class);

	private final Duration grace;

	private final OnStop onStop;

	private final List<Thread> threads = new ArrayList<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition woken = this.lock.newCondition();

	private boolean wakeRequested;

	private volatile boolean stopRequested;

	/**
	 * @param phase when it stops
	 * @param grace how long a stop waits for its threads to end
	 * @param onStop what a stop does to a round in flight
	 */
	protected BackgroundWorker(LifecyclePhase phase, Duration grace, OnStop onStop) {
		super(phase);
		this.grace = grace;
		this.onStop = onStop;
	}

	/** What a stop does to a round in flight. */
	protected enum OnStop {

		/**
		 * Lets it finish (interrupted only once the grace ran out): a round that commits
		 * is not cut in half.
		 */
		FINISH_ROUND,

		/**
		 * Interrupts it at once: its work is leased or durable, and whatever it held is
		 * given back or taken over.
		 */
		INTERRUPT

	}

	/** The kind of thread a loop runs on. */
	protected enum ThreadKind {

		/** A daemon platform thread: for timing that must not wait for a carrier. */
		PLATFORM,

		/** A virtual thread: for loops that mostly wait on I/O. */
		VIRTUAL;

		Thread.Builder builder() {
			return (this == PLATFORM) ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
		}

	}

	/** Starts the worker's loops, with {@link #every} or {@link #loop}. */
	protected abstract void startWork();

	/** After the loops ended on a stop: give back what the worker holds. */
	protected void afterStop() {
	}

	@Override
	protected final void onStart() {
		this.stopRequested = false;
		startWork();
	}

	@Override
	protected final void onStop() {
		this.stopRequested = true;
		wakeUp();
		List<Thread> stopping;
		synchronized (this.threads) {
			stopping = List.copyOf(this.threads);
			this.threads.clear();
		}
		if (this.onStop == OnStop.INTERRUPT) {
			stopping.forEach(Thread::interrupt);
		}
		long deadline = System.nanoTime() + this.grace.toNanos();
		try {
			for (Thread thread : stopping) {
				thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopping.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
		afterStop();
	}

	/**
	 * Runs {@code round} after {@code initialDelay}, then again {@code delay} after each
	 * round ended (or at once after {@link #wakeUp()}), until stopped. A round that
	 * throws is logged and the next one runs as usual.
	 */
	protected final void every(String threadName, ThreadKind kind, Duration initialDelay, Duration delay,
			Runnable round) {
		loop(threadName, kind, () -> {
			pause(initialDelay);
			while (isRunning()) {
				try {
					round.run();
				}
				catch (RuntimeException ex) {
					log.warn("A round of {} failed: {}", threadName, ex.toString(), ex);
				}
				pause(delay);
			}
		});
	}

	/**
	 * Runs {@code body} on a new thread; the body loops while {@link #isRunning()} and
	 * waits with {@link #pause} (or reacts to an interrupt, with
	 * {@link OnStop#INTERRUPT}).
	 * @return the thread, started
	 */
	protected final Thread loop(String threadName, ThreadKind kind, Runnable body) {
		Thread thread = kind.builder().name(threadName).unstarted(body);
		synchronized (this.threads) {
			this.threads.add(thread);
		}
		thread.start();
		return thread;
	}

	/**
	 * Waits for {@code duration}, less if {@link #wakeUp()} is called (also before the
	 * wait: a wake-up is never lost) or the worker stops.
	 */
	protected final void pause(Duration duration) {
		long nanos = duration.toNanos();
		this.lock.lock();
		try {
			while (!this.wakeRequested && isRunning() && nanos > 0) {
				nanos = this.woken.awaitNanos(nanos);
			}
			this.wakeRequested = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Ends the current (or the next) {@link #pause} at once, e.g. after new work came in.
	 */
	public void wakeUp() {
		this.lock.lock();
		try {
			this.wakeRequested = true;
			this.woken.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether a stop was asked for since the last start: a round that goes on while there
	 * is more to do ends early. False before the first start, so that a round run by hand
	 * (tests) goes to the end.
	 */
	protected final boolean stopRequested() {
		return this.stopRequested;
	}

}
