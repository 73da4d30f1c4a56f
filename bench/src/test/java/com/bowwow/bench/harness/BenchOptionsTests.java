package com.bowwow.bench.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchOptionsTests {

	@Test
	void aSoakSetsUpTheQuickPopulation() {
		BenchOptions soak = BenchOptions.parse("--soak", "30");
		assertThat(soak.soak()).isTrue();
		assertThat(soak.soakMinutes()).isEqualTo(30);
		assertThat(soak.soakRate()).isZero();
		assertThat(soak.users()).isEqualTo(BenchOptions.parse("--quick").users());
		assertThat(soak.connections()).isEqualTo(BenchOptions.parse("--quick").connections());
		// the other options still apply
		assertThat(BenchOptions.parse("--soak", "3", "--users", "5000", "--soak-rate", "12.5")).satisfies((options) -> {
			assertThat(options.users()).isEqualTo(5_000);
			assertThat(options.soakRate()).isEqualTo(12.5);
		});
		assertThat(BenchOptions.parse("--quick").soak()).isFalse();
		assertThat(BenchOptions.parse("--quick").offerCompression()).isFalse();
		assertThat(BenchOptions.parse("--quick", "--ws-compress").offerCompression()).isTrue();
	}

	@Test
	void aSoakNeedsMinutesAndARateNeedsASoak() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--soak", "0"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--soak-rate", "10"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--soak", "3", "--soak-rate", "-1"));
	}

	@Test
	void subscribersConnectedStraightToLocationServiceUseItsStreamPort() {
		assertThat(SystemUnderTest.streamPortOf("http://localhost:28002")).isEqualTo("http://localhost:28012");
		assertThat(SystemUnderTest.streamPortOf("http://location.internal")).isEqualTo("http://location.internal:90");
	}

}
