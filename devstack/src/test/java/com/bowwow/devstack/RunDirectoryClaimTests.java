package com.bowwow.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Two launchers never share a run directory (they would stop each other's services). */
class RunDirectoryClaimTests {

	@TempDir
	Path runDirectory;

	@Test
	void aLiveLauncherKeepsItsDirectoryAndADeadOnesClaimIsTakenOver() throws Exception {
		Process other = new ProcessBuilder("sleep", "60").start();
		try {
			long started = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();
			Files.writeString(this.runDirectory.resolve(DevStack.OWNER), other.pid() + " " + started + "\n");
			assertThatIllegalStateException().isThrownBy(() -> DevStack.claimRunDirectory(this.runDirectory))
				.withMessageContaining("launcher pid " + other.pid());
		}
		finally {
			other.destroyForcibly().waitFor();
		}
		DevStack.claimRunDirectory(this.runDirectory);
		assertThat(Files.readString(this.runDirectory.resolve(DevStack.OWNER)))
			.startsWith(ProcessHandle.current().pid() + " ");
		// Claiming again from the same launcher is fine.
		DevStack.claimRunDirectory(this.runDirectory);
	}

}
