package com.bowwow.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The production CloudFormation template, parsed, with small helpers to look into it. */
final class Template {

	static final String FILE = "cloudformation/bowwow-infrastructure.yaml";

	private Template() {
	}

	static Path path() {
		return Repo.infra().resolve(FILE);
	}

	static Map<String, Object> load() {
		return CfnYaml.parse(Repo.read(path()));
	}

	/** The nested template every service stack uses. */
	static final String SERVICE_FILE = "cloudformation/service.yaml";

	static Path servicePath() {
		return Repo.infra().resolve(SERVICE_FILE);
	}

	static Map<String, Object> loadService() {
		return CfnYaml.parse(Repo.read(servicePath()));
	}

	/** The root's nested stack of a service, e.g. {@code LocationServiceStack}. */
	static String stackOf(String service) {
		return Repo.pascal(service) + "Stack";
	}

	/** The parameters the root passes to a service's nested stack. */
	static Map<String, Object> stackParameters(Map<String, Object> template, String service) {
		return map(template, "Resources", stackOf(service), "Properties", "Parameters");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
				throw new AssertionError("No " + String.join(".", keys) + " (stopped at " + key + ")");
			}
			current = map.get(key);
		}
		return (Map<String, Object>) current;
	}

	static Object get(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
				throw new AssertionError("No " + String.join(".", keys) + " (stopped at " + key + ")");
			}
			current = map.get(key);
		}
		return current;
	}

	static Map<String, Object> properties(Map<String, Object> template, String resource) {
		return map(template, "Resources", resource, "Properties");
	}

	/** Logical ids of all resources of a type. */
	static List<String> ofType(Map<String, Object> template, String type) {
		return map(template, "Resources").entrySet()
			.stream()
			.filter((entry) -> type.equals(((Map<?, ?>) entry.getValue()).get("Type")))
			.map(Map.Entry::getKey)
			.toList();
	}

	/** Name/Value (or Key/Value) pairs of a list as a map. */
	static Map<String, Object> pairs(Object list, String keyField) {
		Map<String, Object> pairs = new java.util.LinkedHashMap<>();
		for (Object item : (List<?>) list) {
			Map<?, ?> pair = (Map<?, ?>) item;
			pairs.put(String.valueOf(pair.get(keyField)), pair.get("Value"));
		}
		return pairs;
	}

}
