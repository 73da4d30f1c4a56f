package com.bowwow.e2e;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import com.bowwow.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.bowwow.e2e.GatewayClient.MILE_NORTH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account deletion as the contract states it: when the 204 is sent the user is already
 * absent from every read (nearby, stream, received lists, waves, pushes, operator views),
 * and every service erases what it held of them (database rows in every schema, found by
 * scanning every column that can hold the ID).
 */
@ExtendWith(StackExtension.class)
class DeletionIT {

	/** Near Seoul City Hall, away from the other journeys. */
	private static final double LATITUDE = 37.5663;

	private static final double LONGITUDE = 126.9779;

	/** The schemas of the services that hold user data. */
	private static final List<String> SCHEMAS = List.of("user_service", "location_service", "signal_service",
			"push_service", "analytics_service");

	/**
	 * Rows that may name a deleted user by design, each holding nothing but the ID and
	 * when: tombstones that refuse their tokens and drop late events (user-service,
	 * location-service, signal-service, push-service, analytics-service), and the
	 * {@code UserDeleted} event itself, which tells the other services to erase them.
	 */
	private static final Map<String, String> TOMBSTONES = Map.of("user_service.deleted_users", "true",
			"user_service.event_outbox", "event_type = 'UserDeleted'", "location_service.user_settings", "deleted",
			"signal_service.user_settings", "deleted", "push_service.erased_users", "true", "analytics_service.users",
			"deleted_at is not null and registered_at is null");

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void afterThe204TheUserIsGoneFromEveryReadAndThenFromEveryStore() throws Exception {
		Account doomed = this.client.register("mile");
		Account neighbour = this.client.register("mile");
		Account reported = this.client.register("mile");
		this.client.moveTo(doomed, LATITUDE, LONGITUDE);
		this.client.moveTo(neighbour, LATITUDE + 0.5 * MILE_NORTH, LONGITUDE);
		this.client.moveTo(reported, LATITUDE - 0.5 * MILE_NORTH, LONGITUDE);
		this.client.awaitNearby(neighbour, List.of(doomed.userId()), null);
		this.client.awaitNearby(doomed, List.of(neighbour.userId()), null);

		// Everything a user leaves behind: signals both ways, receipts, pushes, a
		// response,
		// a report (which also blocks), a live position on someone's stream.
		HttpResponse<String> report = this.client.send("POST", "/api/v1/reports", doomed,
				"{\"reportedUserID\":\"" + reported.userId() + "\",\"reason\":\"spam\"}");
		assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
		try (Stream stream = this.client.openStream(neighbour)) {
			stream.send("{\"type\":\"subscribe\",\"radius\":5}");
			stream.await((r) -> "subscription_confirmed".equals(r.message().get("type")), Duration.ofSeconds(10));
			this.client.moveTo(doomed, LATITUDE + 0.0001, LONGITUDE);
			stream.await((r) -> "location_update".equals(r.message().get("type"))
					&& doomed.userId().equals(r.message().get("userID")), Duration.ofSeconds(10));

			String fromNeighbour = signalId(
					this.client.sendSignal(neighbour, LATITUDE + 0.5 * MILE_NORTH, LONGITUDE, 3.0));
			String fromDoomed = signalId(this.client.sendSignal(doomed, LATITUDE, LONGITUDE, 3.0));
			stream.await((r) -> fromDoomed.equals(r.message().get("signalID")), Duration.ofSeconds(10));
			awaitReceived(doomed, fromNeighbour);
			HttpResponse<String> response = this.client.send("POST", "/api/v1/signals/" + fromNeighbour + "/respond",
					doomed, null);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			awaitDeliveries("receiverID=" + doomed.userId());
			awaitDeliveries("signalID=" + fromDoomed);

			HttpResponse<String> deleted = this.client.send("DELETE", "/api/v1/users/" + doomed.userId(), doomed, null);
			assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
			Instant at = Instant.now();

			// Every read, at once.
			assertThat(ids(this.client.nearby(neighbour))).doesNotContain(doomed.userId());
			assertThat(receivedSenders(neighbour)).doesNotContain(doomed.userId());
			assertThat(deliveries("receiverID=" + doomed.userId())).isEmpty();
			assertThat(deliveries("signalID=" + fromDoomed)).isEmpty();
			HttpResponse<String> reports = this.client.send("GET", "/api/v1/operator/reports?status=open",
					StackExtension.OPERATOR_TOKEN, null);
			assertThat(reports.statusCode()).as(reports.body()).isEqualTo(200);
			assertThat(reports.body()).doesNotContain(doomed.userId());
			stream.await((r) -> "location_removed".equals(r.message().get("type"))
					&& doomed.userId().equals(r.message().get("userID")), Duration.ofSeconds(5));
			// Every store, as soon as each service has applied the deletion.
			Instant deadline = at.plus(Duration.ofSeconds(20));
			List<String> remaining = rowsNaming(doomed.userId());
			while (!remaining.isEmpty() && Instant.now().isBefore(deadline)) {
				Thread.sleep(200);
				remaining = rowsNaming(doomed.userId());
			}
			System.out.printf("[deletion] every store erased %d ms after the 204%n",
					Duration.between(at, Instant.now()).toMillis());
			assertThat(remaining).as("rows still naming the deleted user").isEmpty();
		}
	}

	/**
	 * Every table column of the services' schemas that can hold a user ID (uuid, text,
	 * JSON), and how many rows name the user there.
	 */
	private static List<String> rowsNaming(String userId) throws Exception {
		TestInfrastructure servers = TestInfrastructure.get();
		Properties properties = new Properties();
		properties.setProperty("user", servers.username());
		if (servers.password() != null) {
			properties.setProperty("password", servers.password());
		}
		List<String> found = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(servers.jdbcUrl(), properties);
				PreparedStatement columns = connection.prepareStatement("""
						select c.table_schema, c.table_name, c.column_name
						from information_schema.columns c
						join information_schema.tables t
						  on t.table_schema = c.table_schema and t.table_name = c.table_name
						where c.table_schema = any (?) and t.table_type = 'BASE TABLE'
						  and c.data_type in ('uuid', 'text', 'character varying', 'jsonb', 'json')
						  and c.table_name not like 'flyway%'
						""")) {
			columns.setArray(1, connection.createArrayOf("text", SCHEMAS.toArray()));
			try (ResultSet rows = columns.executeQuery()) {
				while (rows.next()) {
					String table = rows.getString(1) + "." + rows.getString(2);
					String column = rows.getString(3);
					try (PreparedStatement count = connection
						.prepareStatement("select count(*) from " + table + " where position(? in \"" + column
								+ "\"::text) > 0 and not (" + TOMBSTONES.getOrDefault(table, "false") + ")")) {
						count.setString(1, userId);
						try (ResultSet counted = count.executeQuery()) {
							counted.next();
							if (counted.getLong(1) > 0) {
								found.add(table + "." + column + ": " + counted.getLong(1));
							}
						}
					}
				}
			}
		}
		return found;
	}

	private void awaitReceived(Account receiver, String signalId) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (!this.client.send("GET", "/api/v1/signals/received/" + receiver.userId(), receiver, null)
			.body()
			.contains(signalId)) {
			assertThat(Instant.now()).as("receipt of " + signalId).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private void awaitDeliveries(String query) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (deliveries(query).isEmpty()) {
			assertThat(Instant.now()).as("push records for " + query).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private List<?> deliveries(String query) throws Exception {
		HttpResponse<String> response = this.client.send("GET", "/api/v1/push/operator/deliveries?" + query,
				StackExtension.OPERATOR_TOKEN, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (List<?>) this.client.read(response).get("deliveries");
	}

	private List<String> receivedSenders(Account receiver) throws Exception {
		HttpResponse<String> response = this.client.send("GET", "/api/v1/signals/received/" + receiver.userId(),
				receiver, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.client.readList(response)
			.stream()
			.map((entry) -> String.valueOf(((Map<?, ?>) entry).get("senderID")))
			.toList();
	}

	private static List<String> ids(List<Map<?, ?>> nearby) {
		return nearby.stream().map((entry) -> String.valueOf(entry.get("userID"))).toList();
	}

	private String signalId(HttpResponse<String> sent) {
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		return (String) this.client.read(sent).get("signalID");
	}

}
