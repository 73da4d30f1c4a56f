package com.bowwow.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudFormation resource schema as published in the npm package
 * {@code @aws-cdk/aws-service-spec} ({@code db.json.gz}): resource types with their
 * properties and attributes, and the property types they use.
 */
final class CfnSchema {

	private final Map<String, Map<String, Object>> resources = new HashMap<>();

	private final Map<String, Map<String, Object>> typeDefinitions = new HashMap<>();

	@SuppressWarnings("unchecked")
	private CfnSchema(Map<String, Object> db) {
		Map<String, Object> schema = (Map<String, Object>) db.get("schema");
		for (Object entity : entities(schema, "resource")) {
			Map<String, Object> resource = (Map<String, Object>) entity;
			this.resources.put((String) resource.get("cloudFormationType"), resource);
		}
		for (Object entity : entities(schema, "typeDefinition")) {
			Map<String, Object> type = (Map<String, Object>) entity;
			this.typeDefinitions.put((String) type.get("$id"), type);
		}
		if (this.resources.size() < 1000) {
			throw new IllegalStateException("The schema lists only " + this.resources.size() + " resource types");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Object> entities(Map<String, Object> schema, String kind) {
		return (List<Object>) ((Map<String, Object>) schema.get(kind)).get("entities");
	}

	/**
	 * The schema named by the {@code cfn.spec.db} system property (set by infra/pom.xml
	 * after npm ci).
	 */
	static CfnSchema load() {
		String configured = System.getProperty("cfn.spec.db");
		if (configured == null) {
			throw new IllegalStateException("System property cfn.spec.db is not set: run the tests through Maven");
		}
		Path db = Path.of(configured);
		if (!Files.isRegularFile(db)) {
			throw new IllegalStateException(db + " is missing: npm ci in target/cfn-spec did not run or failed");
		}
		try (InputStream in = new GZIPInputStream(Files.newInputStream(db))) {
			@SuppressWarnings("unchecked")
			Map<String, Object> json = JsonMapper.shared().readValue(in, Map.class);
			return new CfnSchema(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Map<String, Object> resource(String type) {
		return this.resources.get(type);
	}

	Map<String, Object> typeDefinition(String id) {
		return this.typeDefinitions.get(id);
	}

}
