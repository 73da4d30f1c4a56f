package com.bowwow.devstack;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A stack does not start when one of its ports is taken, location-service's stream port
 * included: the service would stop at start-up, after the others had started.
 */
class PortCheckTests {

	/** Ports 21000-21012 and 22000-22005: below Linux's ephemeral range, unused here. */
	private static final int OFFSET = 13_000;

	@TempDir
	Path root;

	@Test
	void aTakenStreamPortStopsTheStartAndNamesIt() throws Exception {
		for (ServiceSpec service : ServiceSpec.ALL) {
			Path jar = service.jar(this.root);
			Files.createDirectories(jar.getParent());
			Files.createFile(jar);
		}
		int stream = ServiceSpec.ALL.stream()
			.filter((service) -> service.name().equals("location-service"))
			.findFirst()
			.orElseThrow()
			.offsetBy(OFFSET)
			.streamPort()
			.orElseThrow();
		try (ServerSocket taken = new ServerSocket(stream)) {
			assertThatIllegalStateException().isThrownBy(() -> DevStack.prepare(this.root, OFFSET, (line) -> {
			}))
				.withMessage("Port " + stream + " (location-service stream) is already in use by another program; "
						+ "stop it and run again");
		}
		// Free again, the same check passes.
		DevStack.prepare(this.root, OFFSET, (line) -> {
		});
	}

}
