package com.bowwow.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;

/**
 * A generator of hostile requests: every public endpoint, each request broken in one way
 * (a field of the wrong JSON type or out of range, a body that is not JSON or not an
 * object, another media type, a huge or deeply nested body, a broken path or query
 * parameter, a forged or missing token). Every request it makes is invalid by
 * construction, so the only right answers are 4xx problem responses and nothing may be
 * written. Seeded: the same seed gives the same requests.
 */
final class HostileRequests {

	/** The caller's own IDs and the other IDs a request may name. */
	record Names(String self, String token, String other, String signal) {
	}

	/** One request to send; {@code body} null for none. */
	record Hostile(String what, String method, String path, Map<String, String> headers, byte[] body) {
	}

	/** The JSON type a body field must have, which decides what is hostile for it. */
	enum Kind {

		BOOLEAN, NUMBER, LATITUDE, LONGITUDE, POSITIVE, STRING, UUID, HEX_TOKEN, TIMESTAMP, UNIT, REASON, OBJECT

	}

	/** A field of an endpoint's body: its dotted path, its kind and a valid value. */
	record Field(String path, Kind kind, boolean optional) {

		Field(String path, Kind kind) {
			this(path, kind, false);
		}

	}

	/** An endpoint with a valid body template and the kinds of its fields. */
	record Endpoint(String method, Function<Names, String> path, Function<Names, String> validBody, List<Field> fields,
			List<String> queryParameters) {
	}

	private static final String LOCATION = "{\"latitude\":35.0,\"longitude\":135.0,\"timestamp\":\"%s\"}";

	static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint("POST", (n) -> "/api/v1/users/register",
					(n) -> "{\"deviceToken\":\"" + "ab".repeat(32)
							+ "\",\"settings\":{\"isOffline\":false,\"distanceUnit\":\"mile\"}}",
					List.of(new Field("deviceToken", Kind.HEX_TOKEN), new Field("settings", Kind.OBJECT, true),
							new Field("settings.isOffline", Kind.BOOLEAN, true),
							new Field("settings.distanceUnit", Kind.UNIT, true)),
					List.of()),
			new Endpoint("PUT", (n) -> "/api/v1/users/" + n.self() + "/settings",
					(n) -> "{\"isOffline\":false,\"distanceUnit\":\"mile\"}",
					List.of(new Field("isOffline", Kind.BOOLEAN, true), new Field("distanceUnit", Kind.UNIT, true)),
					List.of()),
			new Endpoint("POST", (n) -> "/api/v1/locations/update",
					(n) -> "{\"userID\":\"" + n.self() + "\",\"location\":"
							+ LOCATION.formatted(java.time.Instant.now()) + "}",
					List.of(new Field("userID", Kind.UUID), new Field("location", Kind.OBJECT),
							new Field("location.latitude", Kind.LATITUDE),
							new Field("location.longitude", Kind.LONGITUDE),
							new Field("location.timestamp", Kind.TIMESTAMP)),
					List.of()),
			new Endpoint("POST", (n) -> "/api/v1/signals",
					(n) -> "{\"senderID\":\"" + n.self()
							+ "\",\"location\":{\"latitude\":35.0,\"longitude\":135.0},\"maxDistance\":2}",
					List.of(new Field("senderID", Kind.UUID), new Field("location", Kind.OBJECT),
							new Field("location.latitude", Kind.LATITUDE),
							new Field("location.longitude", Kind.LONGITUDE),
							new Field("maxDistance", Kind.POSITIVE, true)),
					List.of()),
			new Endpoint("POST", (n) -> "/api/v1/users/" + n.self() + "/blocks",
					(n) -> "{\"blockedUserID\":\"" + n.other() + "\"}", List.of(new Field("blockedUserID", Kind.UUID)),
					List.of()),
			new Endpoint("POST", (n) -> "/api/v1/reports",
					(n) -> "{\"reportedUserID\":\"" + n.other() + "\",\"reason\":\"spam\",\"note\":\"n\"}",
					List.of(new Field("reportedUserID", Kind.UUID), new Field("reason", Kind.REASON),
							new Field("note", Kind.STRING, true)),
					List.of()),
			new Endpoint("GET", (n) -> "/api/v1/locations/nearby/" + n.self(), null, List.of(),
					List.of("distance", "limit")),
			new Endpoint("GET", (n) -> "/api/v1/signals/received/" + n.self(), null, List.of(), List.of()),
			new Endpoint("GET", (n) -> "/api/v1/signals/sent/" + n.self(), null, List.of(), List.of()),
			new Endpoint("GET", (n) -> "/api/v1/users/" + n.self(), null, List.of(), List.of()),
			new Endpoint("GET", (n) -> "/api/v1/users/" + n.self() + "/blocks", null, List.of(), List.of()),
			new Endpoint("POST", (n) -> "/api/v1/signals/" + n.signal() + "/respond", null, List.of(), List.of()),
			new Endpoint("DELETE", (n) -> "/api/v1/users/" + n.self() + "/blocks/" + n.other(), null, List.of(),
					List.of()));

	/** Values that are never valid for a field of the kind. */
	private static List<String> hostileValues(Field field) {
		Kind kind = field.kind();
		// Leaving out an optional field is valid, and so may be an empty object or
		// string.
		// ({"a":1} is an object with only unknown fields: valid where an object is
		// optional.)
		List<String> common = field.optional() ? List.of("[]", "[1,2]")
				: List.of("null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"");
		List<String> notNumbers = List.of("true", "\"5\"", "\"NaN\"", "\"Infinity\"", "\"1e309\"", "1e309", "-1e309",
				"123456789012345678901234567890123456789012345678901234567890123456789e999");
		List<String> specific = switch (kind) {
			case BOOLEAN -> List.of("1", "0", "\"true\"", "\"false\"", "\"yes\"", "1.0", "-0");
			case NUMBER, POSITIVE ->
				(kind == Kind.POSITIVE) ? concat(notNumbers, List.of("0", "-1", "-0.0", "-1e308")) : notNumbers;
			case LATITUDE -> concat(notNumbers, List.of("90.0000001", "-90.5", "1e308", "-1e308", "91"));
			case LONGITUDE -> concat(notNumbers, List.of("180.0000001", "-181", "1e308", "360"));
			case STRING -> List.of("1", "true", "1.5", "\"" + "x".repeat(5000) + "\"");
			case UUID -> List.of("\"not-a-uuid\"", "42", "true", "\"" + "0".repeat(36) + "x\"",
					"\"3F2C1B9E-8D4A-4C6F-9B1E-2A7D5C8E0F13-00\"", "\"../../internal\"", "\"%zz\"");
			case HEX_TOKEN -> List.of("\"abc\"", "\"" + "zz".repeat(40) + "\"", "\"" + "a".repeat(201) + "\"",
					"12345678901234567890123456789012345678901234567890123456789012345", "1e64",
					"\"" + "ab".repeat(31) + "\"", "true");
			case TIMESTAMP -> List.of("\"yesterday\"", "1764160000", "\"2026-13-45T99:99:99Z\"",
					"\"" + java.time.Instant.now().plusSeconds(3600) + "\"", "\"2026-11-26\"", "true",
					"\"+999999999-12-31T23:59:59Z\"");
			case UNIT -> List.of("\"furlong\"", "\"MILE \"", "1", "true", "\"\"", "\"mile\\u0000\"");
			case REASON -> List.of("\"rude\"", "\"SPAM\"", "7", "true", "\"spam \"");
			case OBJECT -> List.of("1", "\"x\"", "true", "[{}]", "{\"isOffline\":\"no\"}");
		};
		return concat(common, specific);
	}

	/** Whole bodies that are never a valid request body. */
	private static final List<String> HOSTILE_BODIES = List.of("", "{", "}", "[]", "\"a string\"", "123", "null",
			"true", "{\"a\":", "{'single':'quotes'}", "{\"x\":1} trailing", "{\"x\":NaN}", "{\"x\":Infinity}",
			"{\"x\":-Infinity}", "\uFEFF{}", "{\"x\":01}", "{\"x\":1.}", "{\"x\":.5}", "{\"x\":\"\\uD800\"}",
			"[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));

	private static final List<String> HOSTILE_MEDIA_TYPES = List.of("text/plain", "application/xml",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream",
			"application/json-patch+json; charset=utf-8", "*/*", "application/json; charset=utf-16", "image/png");

	private static final List<String> HOSTILE_QUERY_VALUES = List.of("%zz", "%", "abc", "NaN", "Infinity", "-Infinity",
			"1e309", "-1", "0", "-99999999999999999999", "-0", "1,2", "%00", "%E2%82", "1e-400x",
			"2026-13-01T00:00:00Z", "yesterday", "0x10", "1_000");

	private static final List<String> HOSTILE_PATH_IDS = List.of("not-a-uuid", "%zz", "%00", "..%2F..%2Finternal",
			"%2e%2e", "x".repeat(3000), "3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13%00", "%E2%82%28", "%C0%AF",
			"3F2C1B9E8D4A4C6F9B1E2A7D5C8E0F13", "{userID}", "null", "-1", "%2F");

	private final SplittableRandom random;

	HostileRequests(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** The next hostile request for these names. */
	Hostile next(Names names) {
		Endpoint endpoint = ENDPOINTS.get(this.random.nextInt(ENDPOINTS.size()));
		int style = this.random.nextInt(6);
		String path = endpoint.path().apply(names);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + names.token());
		String body = (endpoint.validBody() != null) ? endpoint.validBody().apply(names) : null;
		if (body != null) {
			headers.put("Content-Type", "application/json");
		}
		String what;
		switch (style) {
			case 0 -> {
				if (endpoint.fields().isEmpty()) {
					return pathAttack(endpoint, names, headers, body);
				}
				Field field = pick(endpoint.fields());
				String value = pick(hostileValues(field));
				body = replace(body, field.path(), value);
				what = "field " + field.path() + " = " + abbreviate(value);
			}
			case 1 -> {
				if (body == null) {
					return endpoint.queryParameters().isEmpty() ? tokenAttack(endpoint, names, headers, null)
							: queryAttack(endpoint, names, headers);
				}
				body = pick(HOSTILE_BODIES);
				what = "body " + abbreviate(body);
			}
			case 2 -> {
				if (body == null) {
					return tokenAttack(endpoint, names, headers, null);
				}
				String type = pick(HOSTILE_MEDIA_TYPES);
				headers.put("Content-Type", type);
				if (type.startsWith("multipart")) {
					body = "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n";
				}
				else if (type.contains("utf-16") || type.startsWith("application/x-www")) {
					body = "a=1&b=2";
				}
				what = "media type " + type;
			}
			case 3 -> {
				return tokenAttack(endpoint, names, headers, body);
			}
			case 4 -> {
				return pathAttack(endpoint, names, headers, body);
			}
			default -> {
				if (!endpoint.queryParameters().isEmpty()) {
					return queryAttack(endpoint, names, headers);
				}
				// A body over the 64 KiB limit, valid JSON otherwise.
				body = (body != null)
						? body.substring(0, body.length() - 1) + ",\"pad\":\"" + "p".repeat(70_000) + "\"}"
						: "{\"pad\":\"" + "p".repeat(70_000) + "\"}";
				headers.put("Content-Type", "application/json");
				what = "a 70 KiB body";
			}
		}
		return new Hostile(endpoint.method() + " "
				+ endpoint.path().apply(new Names("{self}", "", "{other}", "{signal}")) + ": " + what,
				endpoint.method(), path, headers, bytes(body));
	}

	private Hostile tokenAttack(Endpoint endpoint, Names names, Map<String, String> headers, String body) {
		if (endpoint.path().apply(names).endsWith("/register")) {
			// Registration is public: a bad token with a valid body is just a new user.
			Field field = pick(endpoint.fields());
			String value = pick(hostileValues(field));
			return new Hostile("POST /api/v1/users/register: field " + field.path() + " = " + abbreviate(value), "POST",
					endpoint.path().apply(names), headers, bytes(replace(body, field.path(), value)));
		}
		List<String> tokens = List.of("", "Bearer", "Bearer ", "Bearer " + TestTokens.malformed(),
				"Bearer " + TestTokens.expired(UserId.parse(names.self())),
				"Bearer " + TestTokens.signedByUnknownKey(UserId.parse(names.self())),
				"Bearer " + algNone(names.self()), "Basic dXNlcjpwYXNz",
				"Bearer " + TestTokens.custom(names.self(), "https://evil.example", "bowwow-api",
						java.time.Instant.now(), java.time.Instant.now().plusSeconds(600)),
				"Bearer " + TestTokens.custom(names.self(), "https://api.bowwow.app", "other-audience",
						java.time.Instant.now(), java.time.Instant.now().plusSeconds(600)),
				"Bearer " + names.token() + "x", "Bearer " + "a".repeat(6000), "Bearer " + names.token() + " extra",
				"Bearer \u00e9\u00e8");
		String authorization = pick(tokens);
		if (authorization.isEmpty()) {
			headers.remove("Authorization");
		}
		else {
			headers.put("Authorization", authorization);
		}
		return new Hostile(endpoint.method() + " " + kindOf(endpoint) + ": authorization " + abbreviate(authorization),
				endpoint.method(), endpoint.path().apply(names), headers, bytes(body));
	}

	private Hostile pathAttack(Endpoint endpoint, Names names, Map<String, String> headers, String body) {
		String id = pick(HOSTILE_PATH_IDS);
		String path = endpoint.path().apply(names);
		String attacked;
		if (path.contains(names.self())) {
			// Another user's ID in the path is refused with 403, anything else with
			// 400/404.
			attacked = this.random.nextInt(4) == 0 ? path.replace(names.self(), names.other())
					: path.replace(names.self(), id);
		}
		else if (path.contains(names.signal())) {
			attacked = path.replace(names.signal(), id);
		}
		else {
			attacked = path + "/" + id;
		}
		return new Hostile(endpoint.method() + " " + kindOf(endpoint) + ": path " + abbreviate(attacked),
				endpoint.method(), attacked, headers, bytes(body));
	}

	private Hostile queryAttack(Endpoint endpoint, Names names, Map<String, String> headers) {
		List<String> parameters = endpoint.queryParameters().isEmpty() ? List.of("limit") : endpoint.queryParameters();
		String parameter = pick(parameters);
		String value = pick(HOSTILE_QUERY_VALUES);
		String path = endpoint.path().apply(names) + "?" + parameter + "=" + value
				+ (this.random.nextBoolean() ? "&" + parameter + "=1" : "");
		return new Hostile(endpoint.method() + " " + kindOf(endpoint) + ": query " + parameter + "=" + value,
				endpoint.method(), path, headers, null);
	}

	private static String kindOf(Endpoint endpoint) {
		return endpoint.path().apply(new Names("{self}", "", "{other}", "{signal}"));
	}

	/** Replaces the value at a dotted path of a JSON object text with raw JSON. */
	static String replace(String body, String dottedPath, String rawValue) {
		String[] parts = dottedPath.split("\\.");
		int from = 0;
		for (int i = 0; i < parts.length; i++) {
			int key = body.indexOf("\"" + parts[i] + "\":", from);
			if (key < 0) {
				throw new IllegalArgumentException("no " + dottedPath + " in " + body);
			}
			from = key + parts[i].length() + 3;
		}
		int end = endOfValue(body, from);
		return body.substring(0, from) + rawValue + body.substring(end);
	}

	private static int endOfValue(String text, int start) {
		int depth = 0;
		boolean inString = false;
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
					if (depth == 0) {
						return i + 1;
					}
				}
				continue;
			}
			switch (c) {
				case '"' -> inString = true;
				case '{', '[' -> depth++;
				case '}', ']' -> {
					if (depth == 0) {
						return i;
					}
					depth--;
					if (depth == 0) {
						return i + 1;
					}
				}
				case ',' -> {
					if (depth == 0) {
						return i;
					}
				}
				default -> {
				}
			}
		}
		return text.length();
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	private static byte[] bytes(String body) {
		return (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
	}

	static String abbreviate(String text) {
		String flat = text.replaceAll("\\s+", " ");
		return (flat.length() > 60) ? flat.substring(0, 57) + "…(" + flat.length() + ")" : flat;
	}

	/** An unsigned token ({@code alg: none}) claiming to be the user. */
	static String algNone(String userId) {
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		long now = java.time.Instant.now().getEpochSecond();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64.encodeToString(
				("{\"sub\":\"" + userId + "\",\"iss\":\"https://api.bowwow.app\",\"aud\":\"bowwow-api\",\"iat\":" + now
						+ ",\"exp\":" + (now + 600) + "}")
					.getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + ".";
	}

}
