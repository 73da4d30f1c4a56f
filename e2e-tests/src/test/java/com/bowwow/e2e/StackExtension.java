package com.bowwow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.bowwow.devstack.DevStack;
import com.bowwow.devstack.Infrastructure;
import com.bowwow.testsupport.TestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the six packaged services once for the whole e2e run, on this suite's own
 * database and Redis index, and stops them when the run ends.
 */
public class StackExtension implements BeforeAllCallback {

	/**
	 * The e2e stack listens on 18000-18005, beside a local ./run.sh stack on 8000-8005;
	 * {@code -Dbowwow.e2e.portOffset=N} moves it (two working copies testing at once).
	 */
	static final int PORT_OFFSET = Integer.getInteger("bowwow.e2e.portOffset", 10_000);

	/**
	 * The operator credential the e2e stack runs with (analytics, push operator
	 * endpoints).
	 */
	static final String OPERATOR_TOKEN = "e2e-operator-" + java.util.UUID.randomUUID();

	/** The registration budget's burst per client address on the e2e stack. */
	static final String REGISTRATION_BURST = "1000";

	/**
	 * Its refill per minute: ample for the journeys, slower than EdgesIT sends, so it can
	 * empty the budget of its own client address.
	 */
	static final String REGISTRATION_PER_MINUTE = "1200";

	private static DevStack stack;

	/**
	 * The repository the packaged jars are in (the build passes it; {@code ..} from this
	 * module).
	 */
	static Path repositoryRoot() {
		return Path.of(System.getProperty("bowwow.root", "..")).toAbsolutePath().normalize();
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		if (stack != null) {
			return;
		}
		TestInfrastructure servers = TestInfrastructure.get();
		Path root = repositoryRoot();
		long started = System.nanoTime();
		DevStack running = DevStack.start(root,
				Optional.of(new Infrastructure(servers.jdbcUrl(), servers.username(), servers.password(),
						servers.redisHost(), servers.redisPort(), servers.redisPassword(), servers.redisDatabase())),
				// The test key pair, so that the journeys can also present expired,
				// foreign
				// and otherwise wrong tokens (TestTokens); user-service signs with it
				// too.
				// The whole suite is one client address acting as many phones: lift the
				// per-IP limits; and it polls nearby while events settle: lift
				// location-service's per-user nearby and subscribe limits (tested in that
				// module). The gateway's per-user limit stays as shipped and is tested.
				Map.ofEntries(Map.entry("OPERATOR_TOKEN", OPERATOR_TOKEN),
						Map.entry("JWT_SIGNING_KEY", TestTokens.signingKey()),
						Map.entry("JWT_VERIFICATION_KEYS", TestTokens.verificationKeys()),
						Map.entry("RATE_LIMIT_REGISTRATION_BURST", REGISTRATION_BURST),
						// As behind the load balancer: a journey may act as another
						// client address (EdgesIT).
						Map.entry("TRUSTED_PROXY_COUNT", "1"),
						Map.entry("RATE_LIMIT_REGISTRATION_PER_MINUTE", REGISTRATION_PER_MINUTE),
						Map.entry("RATE_LIMIT_IP_BURST", "10000"), Map.entry("RATE_LIMIT_IP_PER_MINUTE", "60000"),
						Map.entry("LOCATION_NEARBY_LIMIT_PER_MINUTE", "60000"),
						Map.entry("LOCATION_NEARBY_LIMIT_BURST", "10000"),
						Map.entry("LOCATION_SUBSCRIBE_LIMIT_PER_MINUTE", "6000"),
						Map.entry("LOCATION_SUBSCRIBE_LIMIT_BURST", "1000")),
				PORT_OFFSET, (line) -> System.out.println("[stack] " + line));
		System.out.printf("[stack] all services healthy after %.1f s%n", (System.nanoTime() - started) / 1e9);
		stack = running;
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.put(StackExtension.class.getName(), (AutoCloseable) running::close);
	}

	static DevStack stack() {
		return stack;
	}

	/** Resident memory of a service process in MiB, read from /proc. */
	static long residentMiB(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
				}
			}
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Cannot read memory of pid " + pid, ex);
		}
		throw new IllegalStateException("No VmRSS for pid " + pid);
	}

}
