package com.bowwow.user.safety;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports by users and the operators' queue over real HTTP. */
class ReportEndpointsTests extends SafetyTestSupport {

	@Test
	void aReportIsFiledOpenAndBlocksTheReportedUser() throws Exception {
		Map<String, Object> reporter = user();
		Map<String, Object> spammer = user();
		UUID signal = UUID.randomUUID();
		HttpResponse<String> response = report(reporter, "{\"reportedUserID\":\"" + spammer.get("userID")
				+ "\",\"reason\":\"spam\",\"signalID\":\"" + signal + "\",\"note\":\"waves every hour\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> receipt = body(response);
		assertThat(receipt).containsOnlyKeys("reportID", "status", "createdAt").containsEntry("status", "open");
		assertThat((String) receipt.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		// the block is in force when the 201 arrives
		assertThat(blockSet(reporter)).containsExactly((String) spammer.get("userID"));
		assertThat(blockSet(spammer)).containsExactly((String) reporter.get("userID"));
		assertThat(outboxTypes(reporter)).containsExactly("UserRegistered", "UserBlocked", "ReportFiled");
		Map<String, Object> queued = list(send("GET", "/api/v1/operator/reports", OPERATOR, null)).stream()
			.filter((r) -> r.get("reportID").equals(receipt.get("reportID")))
			.findFirst()
			.orElseThrow();
		assertThat(queued).containsEntry("reporterID", reporter.get("userID"))
			.containsEntry("reportedUserID", spammer.get("userID"))
			.containsEntry("reason", "spam")
			.containsEntry("signalID", signal.toString())
			.containsEntry("note", "waves every hour")
			.containsEntry("status", "open")
			.containsEntry("closedAt", null);
	}

	@Test
	void reportingSomeoneAlreadyBlockedFilesTheReportWithoutASecondBlock() throws Exception {
		Map<String, Object> reporter = user();
		Map<String, Object> other = user();
		block(reporter, other.get("userID"));
		HttpResponse<String> response = report(reporter,
				"{\"reportedUserID\":\"" + other.get("userID") + "\",\"reason\":\"harassment\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(outboxTypes(reporter)).containsExactly("UserRegistered", "UserBlocked", "ReportFiled");
	}

	@Test
	void repeatingAnOpenReportAnswersItAgainInsteadOfFloodingTheQueue() throws Exception {
		Map<String, Object> reporter = user();
		Map<String, Object> other = user();
		String body = "{\"reportedUserID\":\"" + other.get("userID") + "\",\"reason\":\"spam\"}";
		Map<String, Object> first = body(report(reporter, body));
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> again = report(reporter, body);
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(body(again)).isEqualTo(first);
		}
		assertThat(outboxTypes(reporter)).containsExactly("UserRegistered", "UserBlocked", "ReportFiled");
		// once an operator closed it, a new report can be filed
		send("POST", "/api/v1/operator/reports/" + first.get("reportID") + "/close", OPERATOR, null);
		HttpResponse<String> later = report(reporter, body);
		assertThat(later.statusCode()).isEqualTo(201);
		assertThat(body(later).get("reportID")).isNotEqualTo(first.get("reportID"));
	}

	@Test
	void hostileAndInvalidReportsAreRefusedAndNothingIsStored() throws Exception {
		Map<String, Object> reporter = user();
		Map<String, Object> other = user();
		String target = "\"reportedUserID\":\"" + other.get("userID") + "\"";
		Map<String, Object> self = problem(
				report(reporter, "{\"reportedUserID\":\"" + reporter.get("userID") + "\",\"reason\":\"spam\"}"), 400,
				"VALIDATION_FAILED");
		assertThat(self.get("errors"))
			.isEqualTo(List.of(Map.of("field", "reportedUserID", "message", "must not be yourself")));
		problem(report(reporter, "{\"reportedUserID\":\"" + UserId.random() + "\",\"reason\":\"spam\"}"), 404,
				"NOT_FOUND");
		String longNote = "x".repeat(1001);
		for (String body : new String[] { "{" + target + "}", "{\"reason\":\"spam\"}",
				"{" + target + ",\"reason\":\"SPAM\"}", "{" + target + ",\"reason\":\"rude\"}",
				"{" + target + ",\"reason\":1}", "{" + target + ",\"reason\":\"spam\",\"note\":\"" + longNote + "\"}",
				"{" + target + ",\"reason\":\"spam\",\"note\":42}",
				"{" + target + ",\"reason\":\"spam\",\"note\":\"a\\u0000b\"}",
				"{" + target + ",\"reason\":\"spam\",\"signalID\":\"nope\"}",
				"{" + target + ",\"reason\":\"spam\",\"signalID\":7}", "{\"reportedUserID\":42,\"reason\":\"spam\"}",
				"[]" }) {
			HttpResponse<String> response = report(reporter, body);
			assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
			assertThat(response.body()).doesNotContain("Exception");
		}
		problem(send("POST", "/api/v1/reports", null, "{" + target + ",\"reason\":\"spam\"}"), 401, "UNAUTHORIZED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM reports WHERE reporter_id = ?::uuid")
			.param(reporter.get("userID"))
			.query(Integer.class)
			.single()).isZero();
		assertThat(blockSet(reporter)).isEmpty();
		// exactly 1000 characters is fine
		assertThat(report(reporter, "{" + target + ",\"reason\":\"other\",\"note\":\"" + "y".repeat(1000) + "\"}")
			.statusCode()).isEqualTo(201);
	}

	@Test
	void operatorPathsTakeTheOperatorTokenOnly() throws Exception {
		Map<String, Object> user = user();
		Map<String, Object> other = user();
		for (String[] call : new String[][] { { "GET", "/api/v1/operator/reports", null },
				{ "POST", "/api/v1/operator/reports/" + UUID.randomUUID() + "/close", null },
				{ "POST", "/api/v1/operator/users/" + other.get("userID") + "/suspension", "{\"reason\":\"x\"}" },
				{ "DELETE", "/api/v1/operator/users/" + other.get("userID") + "/suspension", null } }) {
			problem(send(call[0], call[1], bearer(user), call[2]), 401, "UNAUTHORIZED");
			problem(send(call[0], call[1], null, call[2]), 401, "UNAUTHORIZED");
			problem(send(call[0], call[1], "Bearer " + OPERATOR_TOKEN + "x", call[2]), 401, "UNAUTHORIZED");
		}
		assertThat(suspendedInRedis(other)).isFalse();
	}

	@Test
	void operatorsPageThroughTheQueueNewestFirstAndCloseReports() throws Exception {
		Map<String, Object> target = user();
		List<String> filed = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Map<String, Object> reporter = user();
			filed.add((String) body(
					report(reporter, "{\"reportedUserID\":\"" + target.get("userID") + "\",\"reason\":\"other\"}"))
				.get("reportID"));
		}
		// walk the whole open queue two at a time; ours appear newest first
		List<String> seen = new java.util.ArrayList<>();
		String next = "/api/v1/operator/reports?limit=2";
		while (next != null) {
			HttpResponse<String> page = send("GET", next, OPERATOR, null);
			List<Map<String, Object>> reports = list(page);
			assertThat(reports.size()).isLessThanOrEqualTo(2);
			reports.forEach((r) -> seen.add((String) r.get("reportID")));
			next = page.headers()
				.firstValue("Link")
				.map((link) -> link.substring(link.indexOf("/api/"), link.indexOf('>')))
				.orElse(null);
		}
		assertThat(seen).doesNotHaveDuplicates();
		assertThat(seen.stream().filter(filed::contains).toList()).containsExactly(filed.get(2), filed.get(1),
				filed.get(0));

		HttpResponse<String> closed = send("POST", "/api/v1/operator/reports/" + filed.get(0) + "/close", OPERATOR,
				null);
		assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
		assertThat(body(closed)).containsEntry("status", "closed").containsEntry("reportID", filed.get(0));
		assertThat((String) body(closed).get("closedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		// closing again changes nothing
		assertThat(body(send("POST", "/api/v1/operator/reports/" + filed.get(0) + "/close", OPERATOR, null)))
			.isEqualTo(body(closed));
		assertThat(list(send("GET", "/api/v1/operator/reports?status=open&limit=500", OPERATOR, null)))
			.extracting((r) -> r.get("reportID"))
			.doesNotContain(filed.get(0))
			.contains(filed.get(1));
		assertThat(list(send("GET", "/api/v1/operator/reports?status=closed&limit=500", OPERATOR, null)))
			.extracting((r) -> r.get("reportID"))
			.contains(filed.get(0));

		problem(send("POST", "/api/v1/operator/reports/" + UUID.randomUUID() + "/close", OPERATOR, null), 404,
				"NOT_FOUND");
		problem(send("POST", "/api/v1/operator/reports/nope/close", OPERATOR, null), 400, "VALIDATION_FAILED");
		for (String query : new String[] { "status=pending", "limit=0", "limit=501", "limit=x", "after=nope",
				"after=" + UUID.randomUUID() }) {
			HttpResponse<String> response = send("GET", "/api/v1/operator/reports?" + query, OPERATOR, null);
			assertThat(response.statusCode()).as(query + " -> " + response.body()).isEqualTo(400);
		}
	}

}
