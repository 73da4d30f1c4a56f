package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.bowwow.devstack.DevStack;
import com.bowwow.faults.GatewayClient.Account;
import com.bowwow.faults.GatewayClient.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: Redis stopped for 15 s (60 s in the full run) under traffic, then started
 * again, empty. Only successes or 503 problems with {@code Retry-After}, no 500; every
 * service healthy again by itself. A stream open since before the outage hears a signal
 * sent after it: location-service subscribes again to the channel of every user it holds
 * a stream of (each user's messages have a channel of their own).
 */
@Order(3)
@ExtendWith(FaultStack.class)
class RedisOutageIT {

	private static final double LATITUDE = 47.6100;

	private static final double LONGITUDE = -122.3300;

	@Test
	void aRedisOutageIsAnswered503AndHealsByItself() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		List<Account> pair = Crowd.register(client, 2, (i) -> Crowd.offset(LATITUDE, LONGITUDE, 0.5 + i, 200));
		Account receiver = pair.get(0);
		Account sender = pair.get(1);
		Report report = new Report("Scenario 4: Redis stopped under traffic");
		try (Stream stream = client.openStream(receiver)) {
			new Outage(stack, report).run(LATITUDE, LONGITUDE, "embedded Redis killed (SIGKILL; restarted empty)",
					stack::stopRedis, Duration.ofSeconds(FaultStack.FULL ? 60 : 15), stack::startRedis);
			assertThat(stream.closedWith()).as("the stream opened before the outage stays open").isNull();
			HttpResponse<String> sent = GatewayClient
				.retrying(() -> client.sendSignal(sender, LATITUDE, LONGITUDE, 5.0));
			assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
			String signalId = (String) client.read(sent).get("signalID");
			stream.await((r) -> signalId.equals(r.message().get("signalID")), Duration.ofSeconds(20));
			new Report("Scenario 4, the live stream")
				.put("checked",
						"a stream open since before the outage stayed open and heard a signal sent after it (its user's"
								+ " channel subscribed again)")
				.print();
		}
	}

}
