package com.bowwow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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
		Path jar = jar(this.target.resolve("gateway.jar"), "build 1", "");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly("-jar", jar.toString());
	}

	@Test
	void aCacheOfThisBuildIsUsedAndOneOfAnEarlierBuildIsNot() throws Exception {
		Path jar = jar(this.target.resolve("gateway.jar"), "build 1", "");
		Path dir = recorded(jar);
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly(
				"-XX:AOTCache=" + dir.resolve(StartupCache.CACHE_FILE), "-jar", dir.resolve("gateway.jar").toString());

		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).as("an empty cache (its assembly was stopped)")
			.containsExactly("-jar", jar.toString());

		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "cache");
		assertThat(StartupCache.launchArguments("gateway", jar, List.of("-XX:+UseSerialGC")))
			.as("with other flags (the cache was recorded for another collector)")
			.containsExactly("-jar", jar.toString());

		jar(jar, "build 2", "");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).as("after a rebuild with changes")
			.containsExactly("-jar", jar.toString());
	}

	@Test
	void aRebuildThatOnlyReordersSpringAotsOutputKeepsTheCacheAndTheCopyItWasRecordedWith() throws Exception {
		Path jar = jar(this.target.resolve("gateway.jar"), "build 1", "proxy methods a, b");
		Path dir = recorded(jar);

		jar(jar, "build 1", "proxy methods b, a");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly(
				"-XX:AOTCache=" + dir.resolve(StartupCache.CACHE_FILE), "-jar", dir.resolve("gateway.jar").toString());

		jar(jar, "build 2", "proxy methods b, a");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).as("a change to a class of ours")
			.containsExactly("-jar", jar.toString());
	}

	@Test
	void springAotsOutputIsRecognisedByName() {
		assertThat(StartupCache
			.generatedBySpringAot("BOOT-INF/classes/com/bowwow/gateway/GatewayApplication__BeanDefinitions.class"))
			.isTrue();
		assertThat(StartupCache
			.generatedBySpringAot("BOOT-INF/classes/com/bowwow/user/account/UserRepository$$SpringCGLIB$$0.class"))
			.isTrue();
		assertThat(StartupCache
			.generatedBySpringAot("BOOT-INF/classes/META-INF/native-image/com.bowwow/gateway/reflect-config.json"))
			.isTrue();
		assertThat(StartupCache.generatedBySpringAot("BOOT-INF/classes/com/bowwow/user/account/UserRepository.class"))
			.isFalse();
		assertThat(StartupCache.generatedBySpringAot("BOOT-INF/lib/spring-core-7.0.2.jar")).isFalse();
		assertThat(StartupCache.generatedBySpringAot("BOOT-INF/classes/db/migration/V1__positions.sql"))
			.as("a Flyway migration")
			.isFalse();
	}

	@Test
	void aChangedMigrationMakesANewCopyThoughItsNameHasTwoUnderscores() throws Exception {
		Path jar = jar(this.target.resolve("gateway.jar"), "build 1", "", "create table a");
		Path dir = recorded(jar);
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS))
			.contains("-XX:AOTCache=" + dir.resolve(StartupCache.CACHE_FILE));

		jar(jar, "build 1", "", "create table b");
		assertThat(StartupCache.launchArguments("gateway", jar, FLAGS)).containsExactly("-jar", jar.toString());
	}

	/** What a training start leaves: the extracted copy, its cache and the stamp. */
	private static Path recorded(Path jar) throws IOException {
		Path dir = StartupCache.directory(jar);
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("gateway.jar"), "extracted");
		Files.writeString(dir.resolve(StartupCache.CACHE_FILE), "cache");
		Files.writeString(dir.resolve("stamp"), StartupCache.stamp(jar, FLAGS));
		return dir;
	}

	/** A jar with one class of ours and one class Spring AOT generated from it. */
	private static Path jar(Path path, String ours, String generated) throws IOException {
		return jar(path, ours, generated, "create table a");
	}

	/** The same with a Flyway migration. */
	private static Path jar(Path path, String ours, String generated, String migration) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(path))) {
			entry(out, "BOOT-INF/classes/com/bowwow/gateway/Routes.class", ours);
			entry(out, "BOOT-INF/classes/com/bowwow/gateway/Routes$$SpringCGLIB$$0.class", generated);
			entry(out, "BOOT-INF/classes/db/migration/V1__positions.sql", migration);
		}
		return path;
	}

	private static void entry(ZipOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		out.write(content.getBytes(StandardCharsets.UTF_8));
	}

}
