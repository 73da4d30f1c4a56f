package com.bowwow.infra;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static check of a CloudFormation template against the resource schema: resource types
 * exist, properties are known and required ones present, literal values have the right
 * shape, every {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} variable,
 * {@code Fn::FindInMap}, condition and {@code DependsOn} resolves, and every parameter
 * and condition is used. Returns problems rather than throwing so that tests can show all
 * of them at once.
 */
final class CfnCheck {

	private static final Set<String> TOP_LEVEL = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
			"Parameters", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Rules");

	private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
			"DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");

	private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
			"AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

	private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

	private final CfnSchema schema;

	private final Map<String, Object> template;

	private final List<String> problems = new ArrayList<>();

	private final Set<String> usedParameters = new HashSet<>();

	private final Set<String> usedConditions = new HashSet<>();

	private CfnCheck(CfnSchema schema, Map<String, Object> template) {
		this.schema = schema;
		this.template = template;
	}

	static List<String> check(CfnSchema schema, Map<String, Object> template) {
		CfnCheck check = new CfnCheck(schema, template);
		check.run();
		return check.problems;
	}

	private void run() {
		for (String key : this.template.keySet()) {
			if (!TOP_LEVEL.contains(key)) {
				problem(key, "not a template section");
			}
		}
		Map<String, Object> resources = section("Resources");
		if (resources.isEmpty()) {
			problem("Resources", "a template needs resources");
		}
		for (Map.Entry<String, Object> entry : resources.entrySet()) {
			checkResource(entry.getKey(), asMap(entry.getValue()));
		}
		for (Map.Entry<String, Object> entry : section("Conditions").entrySet()) {
			walk("Conditions." + entry.getKey(), entry.getValue());
		}
		for (Map.Entry<String, Object> entry : section("Outputs").entrySet()) {
			Map<String, Object> output = asMap(entry.getValue());
			if (!output.containsKey("Value")) {
				problem("Outputs." + entry.getKey(), "has no Value");
			}
			if (output.get("Condition") instanceof String condition) {
				useCondition("Outputs." + entry.getKey(), condition);
			}
			walk("Outputs." + entry.getKey(), output);
		}
		for (String parameter : section("Parameters").keySet()) {
			if (!this.usedParameters.contains(parameter)) {
				problem("Parameters." + parameter, "declared but never used");
			}
		}
		for (String condition : section("Conditions").keySet()) {
			if (!this.usedConditions.contains(condition)) {
				problem("Conditions." + condition, "declared but never used");
			}
		}
	}

	private void checkResource(String name, Map<String, Object> resource) {
		String path = "Resources." + name;
		for (String key : resource.keySet()) {
			if (!RESOURCE_KEYS.contains(key)) {
				problem(path + "." + key, "not a resource attribute");
			}
		}
		Object dependsOn = resource.get("DependsOn");
		for (Object target : (dependsOn instanceof List<?> list) ? list
				: (dependsOn != null) ? List.of(dependsOn) : List.of()) {
			if (!section("Resources").containsKey(String.valueOf(target))) {
				problem(path + ".DependsOn", "no resource " + target);
			}
		}
		if (resource.get("Condition") instanceof String condition) {
			useCondition(path, condition);
		}
		String type = String.valueOf(resource.get("Type"));
		Map<String, Object> spec = this.schema.resource(type);
		if (spec == null) {
			problem(path + ".Type", "unknown resource type " + type);
			return;
		}
		Map<String, Object> properties = asMap(resource.getOrDefault("Properties", Map.of()));
		checkProperties(path + ".Properties", properties, asMap(spec.get("properties")));
		walk(path, resource.get("Properties"));
	}

	private void checkProperties(String path, Map<String, Object> values, Map<String, Object> specs) {
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			Object spec = specs.get(entry.getKey());
			if (spec == null) {
				problem(path + "." + entry.getKey(),
						"unknown property (known: " + new java.util.TreeSet<>(specs.keySet()) + ")");
				continue;
			}
			checkValue(path + "." + entry.getKey(), entry.getValue(), asMap(spec));
		}
		for (Map.Entry<String, Object> entry : specs.entrySet()) {
			if (Boolean.TRUE.equals(asMap(entry.getValue()).get("required")) && !values.containsKey(entry.getKey())) {
				problem(path + "." + entry.getKey(), "required property missing");
			}
		}
	}

	private void checkValue(String path, Object value, Map<String, Object> propertySpec) {
		List<Object> types = new ArrayList<>();
		types.add(propertySpec.get("type"));
		if (propertySpec.get("previousTypes") instanceof List<?> previous) {
			types.addAll(previous);
		}
		List<String> firstErrors = null;
		for (Object type : types) {
			List<String> errors = new ArrayList<>();
			matches(path, value, asMap(type), errors);
			if (errors.isEmpty()) {
				return;
			}
			if (firstErrors == null) {
				firstErrors = errors;
			}
		}
		this.problems.addAll(firstErrors);
	}

	private void matches(String path, Object value, Map<String, Object> type, List<String> errors) {
		if (isIntrinsic(value)) {
			return;
		}
		String kind = String.valueOf(type.get("type"));
		switch (kind) {
			case "string" -> {
				if (value instanceof Map || value instanceof List) {
					errors.add(path + ": expected a string");
				}
			}
			case "integer", "number" -> {
				if (!(value instanceof Number) && !(value instanceof String text && text.matches("-?\\d+(\\.\\d+)?"))) {
					errors.add(path + ": expected a " + kind + " but was " + value);
				}
				else if (kind.equals("integer") && String.valueOf(value).contains(".")) {
					errors.add(path + ": expected an integer but was " + value);
				}
			}
			case "boolean" -> {
				if (!(value instanceof Boolean) && !("true".equals(value) || "false".equals(value))) {
					errors.add(path + ": expected a boolean but was " + value);
				}
			}
			case "json" -> {
				// any JSON document
			}
			case "array" -> {
				if (!(value instanceof List<?> list)) {
					errors.add(path + ": expected a list");
					return;
				}
				for (int i = 0; i < list.size(); i++) {
					matches(path + "[" + i + "]", list.get(i), asMap(type.get("element")), errors);
				}
			}
			case "map" -> {
				if (!(value instanceof Map<?, ?> map)) {
					errors.add(path + ": expected a mapping");
					return;
				}
				map.forEach((key, item) -> matches(path + "." + key, item, asMap(type.get("element")), errors));
			}
			case "tag" -> {
				if (!(value instanceof Map<?, ?> map) || !map.keySet().equals(Set.of("Key", "Value"))) {
					errors.add(path + ": a tag is {Key, Value}");
				}
			}
			case "ref" -> {
				String id = String.valueOf(asMap(type.get("reference")).get("$ref"));
				Map<String, Object> definition = this.schema.typeDefinition(id);
				if (!(value instanceof Map<?, ?>)) {
					errors.add(path + ": expected a " + definition.get("name") + " mapping");
					return;
				}
				Map<String, Object> properties = asMap(value);
				Map<String, Object> specs = asMap(definition.get("properties"));
				for (Map.Entry<String, Object> entry : properties.entrySet()) {
					Object spec = specs.get(entry.getKey());
					if (spec == null) {
						errors.add(path + "." + entry.getKey() + ": unknown property of " + definition.get("name")
								+ " (known: " + new java.util.TreeSet<>(specs.keySet()) + ")");
					}
					else {
						List<String> nested = new ArrayList<>();
						matches(path + "." + entry.getKey(), entry.getValue(), asMap(asMap(spec).get("type")), nested);
						if (!nested.isEmpty() && asMap(spec).get("previousTypes") instanceof List<?> previous) {
							for (Object alternative : previous) {
								List<String> retry = new ArrayList<>();
								matches(path + "." + entry.getKey(), entry.getValue(), asMap(alternative), retry);
								if (retry.isEmpty()) {
									nested = retry;
									break;
								}
							}
						}
						errors.addAll(nested);
					}
				}
				for (Map.Entry<String, Object> entry : specs.entrySet()) {
					if (Boolean.TRUE.equals(asMap(entry.getValue()).get("required"))
							&& !properties.containsKey(entry.getKey())) {
						errors.add(path + "." + entry.getKey() + ": required property of " + definition.get("name")
								+ " missing");
					}
				}
			}
			case "union" -> {
				List<String> first = null;
				for (Object alternative : (List<?>) type.get("types")) {
					List<String> attempt = new ArrayList<>();
					matches(path, value, asMap(alternative), attempt);
					if (attempt.isEmpty()) {
						return;
					}
					if (first == null) {
						first = attempt;
					}
				}
				errors.addAll(first);
			}
			default -> errors.add(path + ": schema type " + kind + " not understood by this checker");
		}
	}

	/** Finds every intrinsic function below {@code node} and checks what it refers to. */
	private void walk(String path, Object node) {
		if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				walk(path + "[" + i + "]", list.get(i));
			}
			return;
		}
		if (!(node instanceof Map<?, ?> map)) {
			return;
		}
		if (map.size() == 1) {
			String key = String.valueOf(map.keySet().iterator().next());
			Object argument = map.values().iterator().next();
			switch (key) {
				case "Ref" -> ref(path, String.valueOf(argument));
				case "Fn::GetAtt" -> {
					List<?> parts = (argument instanceof List<?> list) ? list
							: List.of(String.valueOf(argument).split("\\.", 2));
					if (parts.size() != 2) {
						problem(path, "Fn::GetAtt needs [resource, attribute]: " + argument);
					}
					else {
						getAtt(path, String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
					}
				}
				case "Fn::Sub" -> sub(path, argument);
				case "Fn::FindInMap" -> findInMap(path, argument);
				case "Fn::If" -> {
					if (argument instanceof List<?> list && list.size() == 3) {
						useCondition(path, String.valueOf(list.get(0)));
					}
					else {
						problem(path, "Fn::If needs [condition, then, else]");
					}
				}
				case "Condition" -> {
					if (argument instanceof String condition) {
						useCondition(path, condition);
					}
				}
				default -> {
					if (key.startsWith("Fn::") && !key.equals("Fn::Join") && !key.equals("Fn::Select")
							&& !key.equals("Fn::Equals") && !key.equals("Fn::Not") && !key.equals("Fn::And")
							&& !key.equals("Fn::Or") && !key.equals("Fn::GetAZs") && !key.equals("Fn::Split")
							&& !key.equals("Fn::Base64") && !key.equals("Fn::Cidr") && !key.equals("Fn::ImportValue")) {
						problem(path, "unknown intrinsic function " + key);
					}
				}
			}
			if (!key.equals("Fn::Sub")) {
				walk(path + "." + key, argument);
			}
			return;
		}
		map.forEach((key, value) -> walk(path + "." + key, value));
	}

	private void ref(String path, String target) {
		if (section("Parameters").containsKey(target)) {
			this.usedParameters.add(target);
		}
		else if (!section("Resources").containsKey(target) && !PSEUDO.contains(target)) {
			problem(path, "Ref to unknown " + target);
		}
	}

	private void getAtt(String path, String resourceName, String attribute) {
		Object resource = section("Resources").get(resourceName);
		if (resource == null) {
			problem(path, "Fn::GetAtt of unknown resource " + resourceName);
			return;
		}
		String type = String.valueOf(asMap(resource).get("Type"));
		if (type.equals("AWS::CloudFormation::Stack") && attribute.startsWith("Outputs.")) {
			// a nested stack's output: NestedStacksTest checks it against the nested
			// template
			return;
		}
		Map<String, Object> spec = this.schema.resource(type);
		if (spec != null && !asMap(spec.get("attributes")).containsKey(attribute)) {
			problem(path, type + " has no attribute " + attribute + " (known: "
					+ new java.util.TreeSet<>(asMap(spec.get("attributes")).keySet()) + ")");
		}
	}

	private void sub(String path, Object argument) {
		String text;
		Set<String> locals = new LinkedHashSet<>();
		if (argument instanceof List<?> list && list.size() == 2) {
			text = String.valueOf(list.get(0));
			locals.addAll(asMap(list.get(1)).keySet());
			walk(path + ".Fn::Sub[1]", list.get(1));
		}
		else if (argument instanceof String string) {
			text = string;
		}
		else {
			problem(path, "Fn::Sub needs a string or [string, variables]");
			return;
		}
		Matcher variables = SUB_VARIABLE.matcher(text);
		boolean any = false;
		while (variables.find()) {
			any = true;
			String variable = variables.group(1).trim();
			if (locals.contains(variable)) {
				continue;
			}
			int dot = variable.indexOf('.');
			if (dot > 0 && !variable.startsWith("AWS::")) {
				getAtt(path, variable.substring(0, dot), variable.substring(dot + 1));
			}
			else {
				ref(path, variable);
			}
		}
		if (!any && locals.isEmpty()) {
			problem(path, "Fn::Sub without variables: use a plain string");
		}
	}

	private void findInMap(String path, Object argument) {
		if (!(argument instanceof List<?> list) || list.size() != 3) {
			problem(path, "Fn::FindInMap needs [map, key, key]");
			return;
		}
		Object map = section("Mappings").get(String.valueOf(list.get(0)));
		if (map == null) {
			problem(path, "no mapping " + list.get(0));
			return;
		}
		if (list.get(1) instanceof String top && list.get(2) instanceof String second) {
			Object entry = asMap(map).get(top);
			if (entry == null || !asMap(entry).containsKey(second)) {
				problem(path, "mapping " + list.get(0) + " has no " + top + "." + second);
			}
		}
	}

	private void useCondition(String path, String condition) {
		if (section("Conditions").containsKey(condition)) {
			this.usedConditions.add(condition);
		}
		else {
			problem(path, "unknown condition " + condition);
		}
	}

	private static boolean isIntrinsic(Object value) {
		if (value instanceof Map<?, ?> map && map.size() == 1) {
			String key = String.valueOf(map.keySet().iterator().next());
			return key.equals("Ref") || key.startsWith("Fn::");
		}
		return false;
	}

	private Map<String, Object> section(String name) {
		return asMap(this.template.getOrDefault(name, Map.of()));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

	private void problem(String path, String message) {
		this.problems.add(path + ": " + message);
	}

}
