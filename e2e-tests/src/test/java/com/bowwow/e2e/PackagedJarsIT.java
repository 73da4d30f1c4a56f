package com.bowwow.e2e;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import com.bowwow.devstack.ServiceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jars are the same bytes whenever the same sources are built: devstack keys
 * each service's start-up cache by its jar's hash, and {@code ./run.sh} packages before
 * every start, so a jar that changed with the clock threw the cache away each time (about
 * 100 s of training on every start instead of once per change).
 */
class PackagedJarsIT {

	@Test
	void aServiceJarCarriesNoBuildTimeAndOneFixedEntryTime() throws IOException {
		for (ServiceSpec service : ServiceSpec.ALL) {
			try (JarFile jar = new JarFile(service.jar(StackExtension.repositoryRoot()).toFile())) {
				Properties info = new Properties();
				try (var in = jar.getInputStream(jar.getEntry("META-INF/build-info.properties"))) {
					info.load(in);
				}
				assertThat(info).as(service.name()).containsKey("build.version").doesNotContainKey("build.time");
				Set<FileTime> times = Collections.list(jar.entries())
					.stream()
					.map((entry) -> entry.getLastModifiedTime())
					.collect(Collectors.toSet());
				assertThat(times).as(service.name() + ": entry times").hasSize(1);
			}
		}
	}

}
