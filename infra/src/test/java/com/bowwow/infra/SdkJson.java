package com.bowwow.infra;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Binds {@code --cli-input-json} documents to AWS SDK v2 model objects through the SDK's
 * own field metadata (the JSON member names the ECS API uses), and writes them back. A
 * key the model does not know is an error, so a typo in a task definition cannot pass as
 * an ignored field.
 */
final class SdkJson {

	private SdkJson() {
	}

	static <T> T bind(SdkPojo builder, Map<?, ?> json, String path) {
		Map<String, SdkField<?>> fields = new LinkedHashMap<>();
		for (SdkField<?> field : builder.sdkFields()) {
			if (field.location() == MarshallLocation.PAYLOAD) {
				fields.put(field.locationName(), field);
			}
		}
		for (Map.Entry<?, ?> entry : json.entrySet()) {
			String key = String.valueOf(entry.getKey());
			SdkField<?> field = fields.get(key);
			if (field == null) {
				throw new IllegalArgumentException(path + "." + key + ": not a member of "
						+ builder.getClass().getEnclosingClass().getSimpleName() + " (known: " + fields.keySet() + ")");
			}
			field.set(builder, value(field, entry.getValue(), path + "." + key));
		}
		@SuppressWarnings("unchecked")
		T built = (T) ((SdkBuilder<?, ?>) builder).build();
		return built;
	}

	private static Object value(SdkField<?> field, Object json, String path) {
		MarshallingType<?> type = field.marshallingType();
		if (json == null) {
			return null;
		}
		if (type == MarshallingType.STRING) {
			return expect(json, String.class, path);
		}
		if (type == MarshallingType.INTEGER) {
			return expect(json, Integer.class, path);
		}
		if (type == MarshallingType.LONG) {
			return ((Number) expect(json, Number.class, path)).longValue();
		}
		if (type == MarshallingType.DOUBLE) {
			return ((Number) expect(json, Number.class, path)).doubleValue();
		}
		if (type == MarshallingType.BOOLEAN) {
			return expect(json, Boolean.class, path);
		}
		if (type == MarshallingType.SDK_POJO) {
			return bind(field.constructor().get(), (Map<?, ?>) expect(json, Map.class, path), path);
		}
		if (type == MarshallingType.LIST) {
			SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
			List<Object> values = new ArrayList<>();
			List<?> items = (List<?>) expect(json, List.class, path);
			for (int i = 0; i < items.size(); i++) {
				values.add(value(member, items.get(i), path + "[" + i + "]"));
			}
			return values;
		}
		if (type == MarshallingType.MAP) {
			SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
			Map<String, Object> values = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : ((Map<?, ?>) expect(json, Map.class, path)).entrySet()) {
				values.put(String.valueOf(entry.getKey()),
						value(member, entry.getValue(), path + "." + entry.getKey()));
			}
			return values;
		}
		throw new IllegalArgumentException(path + ": unsupported member type " + type);
	}

	private static Object expect(Object json, Class<?> type, String path) {
		if (!type.isInstance(json)) {
			throw new IllegalArgumentException(path + ": expected " + type.getSimpleName() + " but was "
					+ json.getClass().getSimpleName() + " (" + json + ")");
		}
		return json;
	}

	/** The JSON the model object would be sent as (members left unset are omitted). */
	static Map<String, Object> write(SdkPojo pojo) {
		Map<String, Object> json = new LinkedHashMap<>();
		for (SdkField<?> field : pojo.sdkFields()) {
			if (field.location() != MarshallLocation.PAYLOAD) {
				continue;
			}
			Object value = field.getValueOrDefault(pojo);
			if (value != null && !isUnsetAutoConstruct(value)) {
				json.put(field.locationName(), writeValue(value));
			}
		}
		return json;
	}

	private static boolean isUnsetAutoConstruct(Object value) {
		String name = value.getClass().getSimpleName();
		return name.startsWith("DefaultSdkAutoConstruct");
	}

	private static Object writeValue(Object value) {
		if (value instanceof SdkPojo pojo) {
			return write(pojo);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(SdkJson::writeValue).toList();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> json = new LinkedHashMap<>();
			map.forEach((key, item) -> json.put(String.valueOf(key), writeValue(item)));
			return json;
		}
		return value;
	}

	/**
	 * Every enum-typed member of the model graph whose string value the SDK does not
	 * recognise (it maps unknown values to {@code UNKNOWN_TO_SDK_VERSION}), as
	 * {@code path=value}.
	 */
	static List<String> unknownEnumValues(Object pojo, String path) {
		List<String> problems = new ArrayList<>();
		if (!(pojo instanceof SdkPojo)) {
			return problems;
		}
		for (Method method : pojo.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
					|| method.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value = invoke(method, pojo);
			String member = path + "." + method.getName();
			if (value instanceof Enum<?> constant) {
				if (constant.name().equals("UNKNOWN_TO_SDK_VERSION")) {
					problems.add(member + "=" + invoke(asString(pojo, method), pojo));
				}
			}
			else if (value instanceof List<?> list && !method.getName().endsWith("AsStrings")) {
				for (int i = 0; i < list.size(); i++) {
					Object item = list.get(i);
					if (item instanceof Enum<?> constant && constant.name().equals("UNKNOWN_TO_SDK_VERSION")) {
						problems
							.add(member + "[" + i + "]=" + ((List<?>) invoke(asStrings(pojo, method), pojo)).get(i));
					}
					problems.addAll(unknownEnumValues(item, member + "[" + i + "]"));
				}
			}
			else if (value instanceof SdkPojo nested && !method.getName().equals("toBuilder")) {
				problems.addAll(unknownEnumValues(nested, member));
			}
		}
		return problems;
	}

	private static Method asString(Object pojo, Method method) {
		try {
			return pojo.getClass().getMethod(method.getName() + "AsString");
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Method asStrings(Object pojo, Method method) {
		try {
			return pojo.getClass().getMethod(method.getName() + "AsStrings");
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object invoke(Method method, Object target) {
		try {
			return method.invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(method + ": " + ex, ex);
		}
	}

}
