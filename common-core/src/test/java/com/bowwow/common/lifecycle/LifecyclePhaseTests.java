package com.bowwow.common.lifecycle;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LifecyclePhaseTests {

	@Test
	void phasesStopInTheOrderTheyAreDeclared() {
		List<Integer> values = Arrays.stream(LifecyclePhase.values()).map(LifecyclePhase::value).toList();
		assertThat(values).isSortedAccordingTo((a, b) -> Integer.compare(b, a)).doesNotHaveDuplicates();
	}

	@Test
	void theWebServerPhaseIsSpringBootsGracefulShutdown() {
		assertThat(LifecyclePhase.WEB_SERVER.value())
			.isEqualTo(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
	}

	@Test
	void anApplicationStopsItsBeansPhaseByPhaseWhateverOrderTheyWereDeclaredIn() {
		List<LifecyclePhase> stopped = new CopyOnWriteArrayList<>();
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			// registration order would decide within one phase: declare them backwards
			List<LifecyclePhase> declared = Arrays.asList(LifecyclePhase.values()).reversed();
			for (LifecyclePhase phase : declared) {
				context.registerBean(phase.name(), PhasedLifecycle.class, () -> new PhasedLifecycle(phase) {
					@Override
					protected void onStop() {
						stopped.add(phase);
					}
				});
			}
			context.refresh();
		}
		assertThat(stopped).containsExactly(LifecyclePhase.values());
	}

	@Test
	void aFailedStartLeavesItStopped() {
		PhasedLifecycle failing = new PhasedLifecycle(LifecyclePhase.CLIENTS) {
			@Override
			protected void onStart() {
				throw new IllegalStateException("no TLS");
			}
		};
		assertThatIllegalStateException().isThrownBy(failing::start);
		assertThat(failing.isRunning()).isFalse();
		assertThat(failing.getPhase()).isEqualTo(LifecyclePhase.CLIENTS.value());
	}

}
