package com.bowwow.gateway.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure operations on OpenAPI documents: keeping only public paths and merging the
 * services' documents into one.
 */
final class OpenApiDocuments {

	static final String PUBLIC_PREFIX = "/api/v1/";

	static final String STREAM_PATH = "/api/v1/locations/stream";

	/** Paths documented as taking the operator credential instead of a user token. */
	static final List<String> OPERATOR_PREFIXES = List.of("/api/v1/analytics/", "/api/v1/push/operator/",
			"/api/v1/operator/");

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final Logger log = LoggerFactory.getLogger(OpenApiDocuments.class);

	private OpenApiDocuments() {
	}

	/**
	 * Only {@code /api/v1/**} is routed to a service, so only those paths are public API;
	 * {@code /internal/**}, a service's own {@code /health} and anything else is dropped.
	 */
	static ObjectNode publicOnly(ObjectNode document) {
		ObjectNode copy = document.deepCopy();
		JsonNode paths = copy.get("paths");
		if (paths instanceof ObjectNode pathsObject) {
			List<String> hidden = pathsObject.propertyNames().stream().filter((path) -> !isPublic(path)).toList();
			pathsObject.remove(hidden);
		}
		// "Try it out" goes through whichever gateway serves the UI.
		ArrayNode servers = copy.putArray("servers");
		servers.addObject().put("url", "/").put("description", "this gateway");
		return copy;
	}

	static boolean isPublic(String path) {
		return path.startsWith(PUBLIC_PREFIX) && !path.startsWith("/api/v1/docs");
	}

	/**
	 * One document for the whole API: the services' public paths, their components (the
	 * first definition of a name wins, a differing duplicate is logged), the gateway's
	 * own {@code /health}, and the bearer scheme.
	 */
	static ObjectNode merge(JsonMapper json, String version, Map<String, ObjectNode> services,
			List<String> unavailable) {
		ObjectNode merged = json.createObjectNode();
		merged.put("openapi", "3.1.0");
		ObjectNode info = merged.putObject("info");
		info.put("title", "BowWow public API");
		info.put("version", version);
		info.put("description", "Everything clients reach through https://api.bowwow.app (the gateway). "
				+ "Use Authorization: Bearer <accessToken> from POST /api/v1/users/register.");
		merged.putArray("servers").addObject().put("url", "/").put("description", "this gateway");
		merged.putArray("security").addObject().putArray("bearerAuth");
		ArrayNode tags = merged.putArray("tags");
		ObjectNode paths = merged.putObject("paths");
		paths.set("/health", healthPath(json));
		ObjectNode components = merged.putObject("components");
		services.forEach((service, document) -> {
			ObjectNode publicDocument = publicOnly(document);
			JsonNode servicePaths = publicDocument.get("paths");
			if (servicePaths instanceof ObjectNode servicePathsObject) {
				servicePathsObject.properties().forEach((entry) -> addPath(paths, service, entry));
			}
			JsonNode serviceComponents = publicDocument.get("components");
			if (serviceComponents instanceof ObjectNode serviceComponentsObject) {
				serviceComponentsObject.properties()
					.forEach((section) -> mergeSection(components, service, section.getKey(), section.getValue()));
			}
			JsonNode serviceTags = publicDocument.get("tags");
			if (serviceTags instanceof ArrayNode tagArray) {
				tagArray.forEach(tags::add);
			}
		});
		if (!paths.has(STREAM_PATH)) {
			// A WebSocket handler is no controller method, so springdoc never lists it.
			paths.set(STREAM_PATH, streamPath(json));
		}
		ObjectNode schemes = (components.get("securitySchemes") instanceof ObjectNode existing) ? existing
				: components.putObject("securitySchemes");
		schemes.putObject("bearerAuth")
			.put("type", "http")
			.put("scheme", "bearer")
			.put("bearerFormat", "JWT")
			.put("description", "User access token (ES256 JWT) from POST /api/v1/users/register");
		schemes.putObject("operatorToken")
			.put("type", "http")
			.put("scheme", "bearer")
			.put("description", "Operator credential (OPERATOR_TOKEN), never a user token");
		paths.properties()
			.stream()
			.filter((path) -> OPERATOR_PREFIXES.stream().anyMatch(path.getKey()::startsWith))
			.flatMap((path) -> path.getValue().properties().stream())
			.filter((operation) -> HTTP_METHODS.contains(operation.getKey()))
			.forEach((operation) -> ((ObjectNode) operation.getValue()).putArray("security")
				.addObject()
				.putArray("operatorToken"));
		// Registration is how a client gets its first token.
		JsonNode register = paths.path("/api/v1/users/register").path("post");
		if (register instanceof ObjectNode registerOperation) {
			registerOperation.putArray("security");
		}
		if (!unavailable.isEmpty()) {
			ArrayNode missing = merged.putArray("x-bowwow-unavailable-services");
			unavailable.forEach(missing::add);
		}
		return merged;
	}

	private static void addPath(ObjectNode paths, String service, Map.Entry<String, JsonNode> entry) {
		if (paths.has(entry.getKey())) {
			log.warn("{} documents {} which another service already documents; keeping the first", service,
					entry.getKey());
			return;
		}
		paths.set(entry.getKey(), entry.getValue());
	}

	private static void mergeSection(ObjectNode components, String service, String section, JsonNode entries) {
		if (!(entries instanceof ObjectNode entriesObject)) {
			return;
		}
		ObjectNode target = (components.get(section) instanceof ObjectNode existing) ? existing
				: components.putObject(section);
		List<String> conflicts = new ArrayList<>();
		entriesObject.properties().forEach((entry) -> {
			JsonNode present = target.get(entry.getKey());
			if (present == null) {
				target.set(entry.getKey(), entry.getValue());
			}
			else if (!present.equals(entry.getValue())) {
				conflicts.add(entry.getKey());
			}
		});
		if (!conflicts.isEmpty()) {
			log.warn("{} defines components.{} {} differently from another service; keeping the first", service,
					section, conflicts);
		}
	}

	private static ObjectNode streamPath(JsonMapper json) {
		ObjectNode get = json.createObjectNode();
		get.put("summary", "Live nearby updates and arriving signals over a WebSocket");
		get.put("description", "Upgrade with Authorization: Bearer <accessToken> or ?access_token=<accessToken>. "
				+ "Client messages: subscribe {latitude, longitude, radius}, unsubscribe, ping. Server messages: "
				+ "subscription_confirmed, pong, error, location_update, signal_received.");
		get.putArray("tags").add("locations");
		ObjectNode token = get.putArray("parameters").addObject();
		token.put("name", "access_token").put("in", "query").put("required", false);
		token.putObject("schema").put("type", "string");
		ObjectNode responses = get.putObject("responses");
		responses.putObject("101").put("description", "Switching to the WebSocket protocol");
		responses.putObject("401").put("description", "Missing, invalid, expired or revoked token");
		ObjectNode path = json.createObjectNode();
		path.set("get", get);
		return path;
	}

	private static ObjectNode healthPath(JsonMapper json) {
		ObjectNode get = json.createObjectNode();
		get.put("summary", "Gateway health with the state of each downstream service");
		get.putArray("tags").add("health");
		get.putArray("security");
		ObjectNode ok = get.putObject("responses").putObject("200");
		ok.put("description", "The gateway can serve; dependencies lists each downstream's state");
		ObjectNode path = json.createObjectNode();
		path.set("get", get);
		return path;
	}

}
