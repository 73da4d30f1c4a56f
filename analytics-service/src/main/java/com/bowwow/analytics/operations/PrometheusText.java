package com.bowwow.analytics.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few parts of the Prometheus text exposition format the dashboard needs: samples
 * with their labels. Comments, timestamps and malformed lines are skipped.
 */
final class PrometheusText {

	private PrometheusText() {
	}

	static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String raw : text.split("\n")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			try {
				samples.add(sample(line));
			}
			catch (RuntimeException ex) {
				// one odd line must not hide the rest
			}
		}
		return samples;
	}

	private static Sample sample(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		Map<String, String> labels = new LinkedHashMap<>();
		String name;
		String rest;
		if (brace >= 0 && (space < 0 || brace < space)) {
			name = line.substring(0, brace);
			int i = brace + 1;
			while (i < line.length() && line.charAt(i) != '}') {
				int equals = line.indexOf('=', i);
				String key = line.substring(i, equals).strip();
				int quote = line.indexOf('"', equals);
				StringBuilder value = new StringBuilder();
				int j = quote + 1;
				for (; line.charAt(j) != '"'; j++) {
					char c = line.charAt(j);
					if (c == '\\') {
						char next = line.charAt(++j);
						value.append((next == 'n') ? '\n' : next);
					}
					else {
						value.append(c);
					}
				}
				labels.put(key, value.toString());
				i = j + 1;
				while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
					i++;
				}
			}
			rest = line.substring(i + 1).strip();
		}
		else {
			name = line.substring(0, space);
			rest = line.substring(space + 1).strip();
		}
		String value = rest.split("\\s+")[0];
		return new Sample(name, labels, parseValue(value));
	}

	private static double parseValue(String value) {
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(value);
		};
	}

	record Sample(String name, Map<String, String> labels, double value) {

	}

}
