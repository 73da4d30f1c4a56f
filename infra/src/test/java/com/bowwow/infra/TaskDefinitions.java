package com.bowwow.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import tools.jackson.databind.json.JsonMapper;

/** The task definitions in infra/ecs, as JSON and bound to the ECS API model. */
final class TaskDefinitions {

	/** {@code {{Name}}}: filled in by render_task_definition in infra/scripts/lib.sh. */
	static final Pattern TOKEN = Pattern.compile("\\{\\{([A-Za-z]+)}}");

	/**
	 * The one token that does not come from the stack: the git SHA the deploy script is
	 * given.
	 */
	static final String IMAGE_TAG = "ImageTag";

	private TaskDefinitions() {
	}

	static Path file(String service) {
		return Repo.infra().resolve("ecs").resolve(service + ".json");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(String text) {
		return JsonMapper.shared().readValue(text, LinkedHashMap.class);
	}

	/** The service container's environment (name to value) in the service's JSON. */
	static Map<String, Object> environment(String service) {
		Map<String, Object> environment = new LinkedHashMap<>();
		Map<?, ?> container = (Map<?, ?>) ((List<?>) json(Repo.read(file(service))).get("containerDefinitions")).get(0);
		for (Object pair : (List<?>) container.get("environment")) {
			environment.put(String.valueOf(((Map<?, ?>) pair).get("name")), ((Map<?, ?>) pair).get("value"));
		}
		return environment;
	}

	static RegisterTaskDefinitionRequest bind(Map<String, Object> json, String name) {
		return SdkJson.bind(RegisterTaskDefinitionRequest.builder(), json, name);
	}

	static Set<String> tokens(String text) {
		Set<String> tokens = new TreeSet<>();
		Matcher matcher = TOKEN.matcher(text);
		while (matcher.find()) {
			tokens.add(matcher.group(1));
		}
		return tokens;
	}

}
