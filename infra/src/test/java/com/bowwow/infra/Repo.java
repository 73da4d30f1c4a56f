package com.bowwow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository as the infrastructure sees it: which modules are deployable services
 * (those whose pom sets {@code jib.skip} to false), their ports and the environment
 * variables their configuration reads.
 */
final class Repo {

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private static final Pattern JIB_ENABLED = Pattern.compile("<jib\\.skip>\\s*false\\s*</jib\\.skip>");

	private static final Pattern SERVICE_PORT = Pattern.compile("<service\\.port>(\\d+)</service\\.port>");

	/**
	 * Spring placeholders naming an environment variable: upper case only, with or
	 * without a default.
	 */
	private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[}:]");

	private Repo() {
	}

	static Path root() {
		String configured = System.getProperty("bowwow.repo.root");
		Path root = (configured != null) ? Path.of(configured) : Path.of("..");
		root = root.toAbsolutePath().normalize();
		if (!Files.isRegularFile(root.resolve("infra/pom.xml"))) {
			throw new IllegalStateException("Not the BowWow repository root: " + root);
		}
		return root;
	}

	static Path infra() {
		return root().resolve("infra");
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The reactor modules that build an image, in reactor order. */
	static List<String> services() {
		List<String> services = new ArrayList<>();
		Matcher modules = MODULE.matcher(read(root().resolve("pom.xml")));
		while (modules.find()) {
			String module = modules.group(1).trim();
			Path pom = root().resolve(module).resolve("pom.xml");
			if (Files.isRegularFile(pom) && JIB_ENABLED.matcher(read(pom)).find()) {
				services.add(module);
			}
		}
		return services;
	}

	/** {@code service.port} from the service's pom. */
	static int pomPort(String service) {
		Matcher port = SERVICE_PORT.matcher(read(root().resolve(service).resolve("pom.xml")));
		if (!port.find()) {
			throw new IllegalStateException(service + "/pom.xml defines no service.port");
		}
		return Integer.parseInt(port.group(1));
	}

	/**
	 * The service's {@code application*.yml} files and common's shared defaults it gets
	 * (ServiceDefaultsEnvironmentPostProcessor: the database ones only where there is a
	 * database, which every service with Flyway has).
	 */
	static List<Path> applicationYamls(String service) {
		Path resources = root().resolve(service).resolve("src/main/resources");
		if (!Files.isDirectory(resources)) {
			return List.of();
		}
		List<Path> yamls = new ArrayList<>();
		try (Stream<Path> files = Files.list(resources)) {
			files.filter((file) -> file.getFileName().toString().matches("application.*\\.ya?ml"))
				.sorted()
				.forEach(yamls::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path shared = root().resolve("common-web/src/main/resources/com/bowwow/common/autoconfigure");
		yamls.add(shared.resolve("service-defaults.yml"));
		if (read(root().resolve(service).resolve("pom.xml"))
			.contains("<artifactId>spring-boot-starter-flyway</artifactId>")) {
			yamls.add(shared.resolve("database-defaults.yml"));
		}
		return yamls;
	}

	/**
	 * Every environment variable a service's configuration reads: {@code ${NAME}} and
	 * {@code ${NAME:default}} placeholders with an upper-case name, in all its
	 * {@code application*.yml} files, mapped to the file that reads it.
	 */
	static Map<String, String> environmentVariablesRead(String service) {
		Map<String, String> variables = new TreeMap<>();
		for (Path yaml : applicationYamls(service)) {
			Matcher placeholder = ENV_PLACEHOLDER.matcher(read(yaml));
			while (placeholder.find()) {
				variables.putIfAbsent(placeholder.group(1), root().relativize(yaml).toString());
			}
		}
		return variables;
	}

	/**
	 * The port {@code application.yml} gives {@code server.port}: a literal or a
	 * placeholder's default.
	 */
	static Integer configuredServerPort(String service) {
		Path yaml = root().resolve(service).resolve("src/main/resources/application.yml");
		if (!Files.isRegularFile(yaml)) {
			return null;
		}
		Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
		for (Object document : parser.loadAll(read(yaml))) {
			Object port = path(document, "server", "port");
			if (port == null && document instanceof Map<?, ?> map) {
				port = map.get("server.port");
			}
			if (port != null) {
				String text = port.toString();
				Matcher withDefault = Pattern.compile("\\$\\{[^:}]+:(\\d+)}").matcher(text);
				return Integer.valueOf(withDefault.matches() ? withDefault.group(1) : text);
			}
		}
		return null;
	}

	/**
	 * A setting of the service's {@code application.yml} (first document that has it),
	 * nested keys or one dotted key; null when absent.
	 */
	static Object setting(String service, String... keys) {
		Path yaml = root().resolve(service).resolve("src/main/resources/application.yml");
		Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
		for (Object document : parser.loadAll(read(yaml))) {
			Object value = path(document, keys);
			if (value == null && document instanceof Map<?, ?> map) {
				value = map.get(String.join(".", keys));
			}
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static Object path(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	/**
	 * {@code user-service} becomes {@code UserService}, as in the CloudFormation logical
	 * ids.
	 */
	static String pascal(String service) {
		StringBuilder name = new StringBuilder();
		for (String part : service.split("-")) {
			name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
		}
		return name.toString();
	}

	static TreeSet<String> sorted(Iterable<String> names) {
		TreeSet<String> set = new TreeSet<>();
		names.forEach(set::add);
		return set;
	}

}
