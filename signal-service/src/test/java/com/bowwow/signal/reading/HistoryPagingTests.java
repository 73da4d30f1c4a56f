package com.bowwow.signal.reading;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The received and sent lists over real HTTP: receipt IDs, paging over the whole
 * retention period by (time, id) with ties, the {@code Link} header and strict paging
 * parameters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class HistoryPagingTests {

	private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void locationService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.signal.location-service-url", LocationServiceStandIn::url);
	}

	@Test
	void everyReceiptHasItsOwnStableId() throws Exception {
		UserId reader = UserId.random();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		receive(reader, signal(UserId.random(), now.minusSeconds(60)), now.minusSeconds(59));
		receive(reader, signal(UserId.random(), now.minusSeconds(30)), now.minusSeconds(29));
		List<Map<?, ?>> first = body(get("/api/v1/signals/received/" + reader, reader));
		List<Map<?, ?>> again = body(get("/api/v1/signals/received/" + reader, reader));
		assertThat(first).hasSize(2);
		List<String> ids = first.stream().map((entry) -> (String) entry.get("id")).toList();
		ids.forEach((id) -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));
		assertThat(new HashSet<>(ids)).hasSize(2);
		assertThat(again.stream().map((entry) -> entry.get("id")).toList()).isEqualTo(ids);
		assertThat(ids).containsExactlyInAnyOrderElementsOf(this.jdbc
			.queryForList("select id::text from receipts where receiver_id = ?", String.class, reader.value()));
	}

	@Test
	void receivedPagesCoverTheWholeRetentionNewestFirstWithTies() throws Exception {
		UserId reader = UserId.random();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant tie = now.minusSeconds(600);
		List<UUID> expected = new ArrayList<>();
		// five receipts at the very same moment (a page boundary falls among them)
		for (int i = 0; i < 5; i++) {
			receive(reader, signal(UserId.random(), tie.minusSeconds(1)), tie);
		}
		expected.addAll(this.jdbc.queryForList("select signal_id from receipts where receiver_id = ? order by id desc",
				UUID.class, reader.value()));
		UUID recent = signal(UserId.random(), now.minusSeconds(5));
		receive(reader, recent, now.minusSeconds(4));
		expected.addFirst(recent);
		UUID yesterday = signal(UserId.random(), now.minus(Duration.ofHours(30)));
		receive(reader, yesterday, now.minus(Duration.ofHours(30)).plusSeconds(1));
		expected.add(yesterday);
		UUID lastMonth = signal(UserId.random(), now.minus(Duration.ofDays(29)));
		receive(reader, lastMonth, now.minus(Duration.ofDays(29)).plusSeconds(1));
		expected.add(lastMonth);
		// beyond retention: never shown
		receive(reader, signal(UserId.random(), now.minus(Duration.ofDays(31))),
				now.minus(Duration.ofDays(31)).plusSeconds(1));

		List<UUID> seen = new ArrayList<>();
		Set<String> receiptIds = new HashSet<>();
		String path = "/api/v1/signals/received/" + reader + "?limit=2";
		int pages = 0;
		while (path != null) {
			HttpResponse<String> response = get(path, reader);
			List<Map<?, ?>> page = body(response);
			assertThat(page.size()).isLessThanOrEqualTo(2);
			page.forEach((entry) -> {
				seen.add(UUID.fromString((String) entry.get("signalID")));
				receiptIds.add((String) entry.get("id"));
			});
			path = next(response);
			pages++;
			assertThat(pages).isLessThan(10);
		}
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(receiptIds).hasSize(expected.size());

		// the first page without parameters is the last 24 hours, and leads on to older
		// ones
		HttpResponse<String> firstPage = get("/api/v1/signals/received/" + reader, reader);
		assertThat(body(firstPage)).hasSize(6);
		String older = next(firstPage);
		assertThat(older).startsWith("/api/v1/signals/received/" + reader + "?limit=100&before=");
		assertThat(body(get(older, reader)).stream().map((entry) -> UUID.fromString((String) entry.get("signalID"))))
			.containsExactly(yesterday, lastMonth);
		assertThat(next(get(older, reader))).isNull();
	}

	@Test
	void sentPagesFollowTheLinkOverTheRetention() throws Exception {
		UserId sender = UserId.random();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<UUID> expected = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			expected.add(signal(sender, now.minusSeconds(100)));
		}
		expected.sort((a, b) -> b.compareTo(a));
		expected.add(signal(sender, now.minus(Duration.ofDays(3))));
		expected.add(signal(sender, now.minus(Duration.ofDays(20))));
		List<UUID> seen = new ArrayList<>();
		String path = "/api/v1/signals/sent/" + sender + "?limit=2";
		while (path != null) {
			HttpResponse<String> response = get(path, sender);
			body(response).forEach((entry) -> seen.add(UUID.fromString((String) entry.get("signalID"))));
			path = next(response);
			assertThat(seen.size()).isLessThan(20);
		}
		// ties (same sent_at) are ordered by id, descending; the database orders uuids
		// bytewise as Java's UUID#compareTo does not, so ask it
		List<UUID> tied = this.jdbc.queryForList(
				"select id from signals where sender_id = ? and sent_at = ? order by id desc", UUID.class,
				sender.value(), Timestamp.from(now.minusSeconds(100)));
		assertThat(seen.subList(0, 3)).containsExactlyElementsOf(tied);
		assertThat(seen.subList(3, 5)).containsExactlyElementsOf(expected.subList(3, 5));
		HttpResponse<String> firstPage = get("/api/v1/signals/sent/" + sender, sender);
		assertThat(body(firstPage)).hasSize(3);
		assertThat(next(firstPage)).isNotNull();
	}

	@Test
	void badPagingValuesAreRefusedNeverIgnored() throws Exception {
		UserId reader = UserId.random();
		for (String list : List.of("received", "sent")) {
			String base = "/api/v1/signals/" + list + "/" + reader;
			for (String query : List.of("limit=0", "limit=501", "limit=abc", "limit=-1", "limit=1.5", "limit=",
					"before=yesterday", "before=2026-11-26", "before=2026-11-26T12:34:56", "before=",
					"before=2026-11-26T12:34:56Z&beforeID=nope", "beforeID=" + UUID.randomUUID())) {
				HttpResponse<String> response = get(base + "?" + query, reader);
				assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
				assertThat(response.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(this.json.readValue(response.body(), Map.class).get("code")).isEqualTo("VALIDATION_FAILED");
			}
			for (String query : List.of("limit=1", "limit=500", "before=2026-11-26T12:34:56.123456Z",
					"before=2026-11-26T21:34:56%2B09:00",
					"before=2026-11-26T12:34:56Z&beforeID=" + UUID.randomUUID())) {
				assertThat(get(base + "?" + query, reader).statusCode()).as(query).isEqualTo(200);
			}
		}
	}

	private UUID signal(UserId sender, Instant sentAt) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps)
				values (?, ?, 'signal', ?, ?, 1609.344, 'mile', 1609.344)
				""", id, sender.value(), Timestamp.from(sentAt), Timestamp.from(sentAt.plus(Duration.ofHours(1))));
		return id;
	}

	private void receive(UserId receiver, UUID signal, Instant at) {
		this.jdbc.update(
				"""
						insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
						select id, ?, sender_id, kind, 500, 'N', ?, ? from signals where id = ?
						""",
				receiver.value(), Timestamp.from(at), Timestamp.from(at), signal);
	}

	private static String next(HttpResponse<String> response) {
		return response.headers().firstValue("Link").map((link) -> {
			Matcher matcher = NEXT.matcher(link);
			assertThat(matcher.find()).as(link).isTrue();
			return matcher.group(1);
		}).orElse(null);
	}

	@SuppressWarnings("unchecked")
	private List<Map<?, ?>> body(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), List.class);
	}

	private HttpResponse<String> get(String path, UserId caller) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.authorization(caller))
			.build(), BodyHandlers.ofString());
	}

}
