package com.bowwow.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scenario did and found, printed and appended to
 * {@code faults/target/faults-report.txt}: injected, traffic, checked, lost.
 */
final class Report {

	private final String scenario;

	private final Map<String, String> lines = new LinkedHashMap<>();

	Report(String scenario) {
		this.scenario = scenario;
	}

	Report put(String key, Object value) {
		this.lines.merge(key, String.valueOf(value), (a, b) -> a + "; " + b);
		return this;
	}

	/**
	 * Prints the report; call it before the assertions so a failure still shows figures.
	 */
	void print() {
		StringBuilder text = new StringBuilder(
				"[faults] ==== " + this.scenario + " (" + (FaultStack.FULL ? "full" : "bounded") + ")\n");
		this.lines
			.forEach((key, value) -> text.append("[faults]   ").append(key).append(": ").append(value).append('\n'));
		System.out.print(text);
		try {
			Path file = Path.of("target", "faults-report.txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
