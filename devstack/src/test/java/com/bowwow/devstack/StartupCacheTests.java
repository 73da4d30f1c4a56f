package com.bowwow.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which jar a service starts from: its extracted copy with the AOT cache only while both
 * belong to the jar just built.
 */
class StartupCacheTests {

	private static final List<String> FLAGS = List.of("-XX:+UseG1GC", "-XX:MaxRAMPercentage=50");

	@TempDir
	Path target;

	@Test
	void withoutACacheTheServiceStartsFromItsPackagedJar() throws Exception {
		Path jar = Files.writeString(this.target.resolve("gateway.jar"), "build 1");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly("-jar", jar.toString());
	}

	@Test
	void aCacheOfThisBuildIsUsedAndOneOfAnEarlierBuildIsNot() throws Exception {
		Path jar = Files.writeString(this.target.resolve("gateway.jar"), "build 1");
		Path dir = StartupCache.directory(jar);
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("gateway.jar"), "extracted");
		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "cache");
		Files.writeString(dir.resolve("stamp"), StartupCache.stamp(jar, FLAGS));
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly(
				"-XX:AOTCache=" + dir.resolve(StartupCache.CACHE_FILE), "-jar", dir.resolve("gateway.jar").toString());

		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).as("an empty cache (its assembly was stopped)")
			.containsExactly("-jar", jar.toString());

		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "cache");
		assertThat(StartupCache.launchArguments("gateway", jar, List.of("-XX:+UseSerialGC")))
			.as("with other flags (the cache was recorded for another collector)")
			.containsExactly("-jar", jar.toString());

		Files.writeString(jar, "build 2");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).as("after a rebuild with changes")
			.containsExactly("-jar", jar.toString());
	}

}
