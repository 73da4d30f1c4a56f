package com.bowwow.location.stream;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the stream listens: the port the task definition and the load balancer name when
 * set, else beside the service port (8002 gives 8012), and a random one in tests.
 */
class StreamPortTests {

	@Test
	void theStreamPortIsTheServicePortPlusTenUnlessSet() {
		assertThat(streamPortFor(8002, null)).isEqualTo(8012);
		assertThat(streamPortFor(28102, null)).isEqualTo(28112);
		assertThat(streamPortFor(8002, 9443)).isEqualTo(9443);
		assertThat(streamPortFor(0, null)).isZero();
	}

	private static int streamPortFor(int servicePort, Integer configured) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(servicePort);
		new ConnectionCapacity(new StreamProperties(256, Duration.ofSeconds(10), 5, Duration.ofSeconds(25),
				Duration.ofSeconds(60), 512, 2500, configured))
			.customize(factory);
		assertThat(factory.getAdditionalConnectors()).hasSize(1);
		return factory.getAdditionalConnectors().getFirst().getPort();
	}

}
