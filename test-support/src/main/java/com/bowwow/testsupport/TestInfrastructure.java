package com.bowwow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import com.bowwow.common.security.AccessTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import com.bowwow.devstack.EmbeddedRedis;
import redis.embedded.RedisServer;

/**
 * The PostgreSQL and Redis a test JVM uses, chosen once per JVM: Testcontainers when
 * Docker is present, otherwise the servers named by environment variables, otherwise
 * embedded servers. {@code BOWWOW_TEST_INFRA=containers|external|embedded} forces a
 * choice.
 *
 * <p>
 * Every suite (test JVM) is isolated: it gets a database of its own, created here and
 * dropped when the JVM exits, and a Redis database index that no other running suite
 * holds (claimed with a lease in Redis database 0 and flushed before use).
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	/** Redis database 0 holds the leases; suites use 1 to 15. */
	private static final int FIRST_SUITE_INDEX = 1;

	private static final int LAST_SUITE_INDEX = 15;

	private static final Duration LEASE = Duration.ofHours(2);

	private static volatile TestInfrastructure instance;

	private final InfrastructureMode mode;

	private final ServerAddress servers;

	private final String database;

	private final int redisDatabase;

	private TestInfrastructure(InfrastructureMode mode, ServerAddress servers, String database, int redisDatabase) {
		this.mode = mode;
		this.servers = servers;
		this.database = database;
		this.redisDatabase = redisDatabase;
	}

	/** The infrastructure of this JVM, started on first use. */
	public static TestInfrastructure get() {
		TestInfrastructure current = instance;
		if (current == null) {
			synchronized (TestInfrastructure.class) {
				current = instance;
				if (current == null) {
					current = start();
					instance = current;
				}
			}
		}
		return current;
	}

	public InfrastructureMode mode() {
		return this.mode;
	}

	public ServerAddress servers() {
		return this.servers;
	}

	/** JDBC URL of this suite's own database. */
	public String jdbcUrl() {
		return this.servers.jdbcUrl(this.database);
	}

	public String databaseName() {
		return this.database;
	}

	public String username() {
		return this.servers.postgresUser();
	}

	public String password() {
		return this.servers.postgresPassword();
	}

	public String redisHost() {
		return this.servers.redisHost();
	}

	public int redisPort() {
		return this.servers.redisPort();
	}

	public String redisPassword() {
		return this.servers.redisPassword();
	}

	/** This suite's own Redis database index. */
	public int redisDatabase() {
		return this.redisDatabase;
	}

	/** Redis URL including this suite's database index. */
	public String redisUrl() {
		return this.servers.redisUrl(this.redisDatabase);
	}

	private static TestInfrastructure start() {
		InfrastructureMode mode = chooseMode();
		ServerAddress servers = switch (mode) {
			case CONTAINERS -> startContainers();
			case EXTERNAL -> externalServers();
			case EMBEDDED -> startEmbedded();
		};
		String database = createSuiteDatabase(servers);
		int redisDatabase = claimRedisDatabase(servers);
		log.info("Test infrastructure: {} (database {}, Redis index {})", mode, database, redisDatabase);
		return new TestInfrastructure(mode, servers, database, redisDatabase);
	}

	private static InfrastructureMode chooseMode() {
		String forced = System.getenv("BOWWOW_TEST_INFRA");
		if (forced != null && !forced.isBlank()) {
			return InfrastructureMode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
		}
		if (dockerAvailable()) {
			return InfrastructureMode.CONTAINERS;
		}
		if (System.getenv("BOWWOW_TEST_POSTGRES_URL") != null && System.getenv("BOWWOW_TEST_REDIS_URL") != null) {
			return InfrastructureMode.EXTERNAL;
		}
		return InfrastructureMode.EMBEDDED;
	}

	private static boolean dockerAvailable() {
		// Asking Testcontainers costs a noisy failed probe; skip it where no engine could
		// be.
		boolean candidate = System.getenv("DOCKER_HOST") != null
				|| java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock")) || java.nio.file.Files
					.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
		if (!candidate) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static ServerAddress startContainers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine");
		GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
		postgres.start();
		redis.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			redis.stop();
			postgres.stop();
		}, "test-containers-stop"));
		return new ServerAddress(postgres.getHost(), postgres.getFirstMappedPort(), postgres.getUsername(),
				postgres.getPassword(), redis.getHost(), redis.getFirstMappedPort(), "");
	}

	/**
	 * {@code BOWWOW_TEST_POSTGRES_URL=postgresql://user:password@host:port} (a user
	 * allowed to create databases) and
	 * {@code BOWWOW_TEST_REDIS_URL=redis://[:password@]host:port}.
	 */
	private static ServerAddress externalServers() {
		URI postgres = URI.create(required("BOWWOW_TEST_POSTGRES_URL").replaceFirst("^jdbc:", ""));
		URI redis = URI.create(required("BOWWOW_TEST_REDIS_URL"));
		String[] pgUser = userInfo(postgres, "postgres");
		String[] redisUser = userInfo(redis, "");
		return new ServerAddress(postgres.getHost(), (postgres.getPort() > 0) ? postgres.getPort() : 5432, pgUser[0],
				pgUser[1], redis.getHost(), (redis.getPort() > 0) ? redis.getPort() : 6379, redisUser[1]);
	}

	private static ServerAddress startEmbedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			int redisPort = freePort();
			RedisServer redis = EmbeddedRedis.on(redisPort);
			redis.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					redis.stop();
					postgres.close();
				}
				catch (IOException ex) {
					log.warn("Could not stop embedded servers cleanly", ex);
				}
			}, "embedded-servers-stop"));
			return new ServerAddress("localhost", postgres.getPort(), "postgres", "", "localhost", redisPort, "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL/Redis", ex);
		}
	}

	private static String createSuiteDatabase(ServerAddress servers) {
		String name = "bowwow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		executeAdmin(servers, "CREATE DATABASE " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				executeAdmin(servers, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			}
			catch (RuntimeException ex) {
				log.warn("Could not drop test database {}", name, ex);
			}
		}, "test-database-drop"));
		return name;
	}

	private static void executeAdmin(ServerAddress servers, String sql) {
		try (Connection connection = DriverManager.getConnection(servers.jdbcUrl("postgres"), servers.postgresUser(),
				servers.postgresPassword()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + servers.postgresHost() + ":" + servers.postgresPort()
					+ " refused '" + sql + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Claims a Redis database index no other live suite holds. The lease expires on its
	 * own, so a killed test JVM cannot keep an index forever.
	 */
	private static int claimRedisDatabase(ServerAddress servers) {
		RedisURI uri = RedisURI.builder()
			.withHost(servers.redisHost())
			.withPort(servers.redisPort())
			.withTimeout(Duration.ofSeconds(5))
			.build();
		if (servers.redisPassword() != null && !servers.redisPassword().isEmpty()) {
			uri.setPassword(servers.redisPassword().toCharArray());
		}
		RedisClient client = RedisClient.create(uri);
		String holder = ProcessHandle.current().pid() + "@" + UUID.randomUUID();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			for (int index = FIRST_SUITE_INDEX; index <= LAST_SUITE_INDEX; index++) {
				String lease = "bowwow:test-suite-lease:" + index;
				if ("OK".equals(redis.set(lease, holder, SetArgs.Builder.nx().ex(LEASE.toSeconds())))) {
					redis.select(index);
					redis.flushdb();
					// What user-service's start-up leaves behind: the revocation and
					// safety
					// markers built (from empty tables), without which every token is
					// refused with 503.
					AccessTokens.STANDING_READY_KEYS.forEach((key) -> redis.set(key, "test"));
					redis.select(0);
					int claimed = index;
					Runtime.getRuntime()
						.addShutdownHook(
								new Thread(() -> release(client, lease, holder, claimed), "redis-suite-release"));
					return index;
				}
			}
		}
		client.shutdown();
		throw new IllegalStateException("All Redis database indexes " + FIRST_SUITE_INDEX + "-" + LAST_SUITE_INDEX
				+ " are leased by other test suites (keys bowwow:test-suite-lease:* in database 0)");
	}

	private static void release(RedisClient client, String lease, String holder, int index) {
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			if (holder.equals(redis.get(lease))) {
				redis.select(index);
				redis.flushdb();
				redis.select(0);
				redis.del(lease);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not release Redis test database {}", index, ex);
		}
		finally {
			client.shutdown();
		}
	}

	private static String required(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(name + " must be set for BOWWOW_TEST_INFRA=external");
		}
		return value;
	}

	private static String[] userInfo(URI uri, String defaultUser) {
		String info = uri.getUserInfo();
		if (info == null || info.isEmpty()) {
			return new String[] { defaultUser, "" };
		}
		int colon = info.indexOf(':');
		return (colon < 0) ? new String[] { info, "" }
				: new String[] { info.substring(0, colon), info.substring(colon + 1) };
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
