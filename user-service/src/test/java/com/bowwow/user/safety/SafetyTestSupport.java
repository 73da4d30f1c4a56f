package com.bowwow.user.safety;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** One application context for every safety test: real HTTP, PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.security.operator.token=" + SafetyTestSupport.OPERATOR_TOKEN,
				"bowwow.user.safety.model-check-interval=500ms" })
@Import(BowWowTestInfrastructure.class)
abstract class SafetyTestSupport extends HttpTestSupport {

	static final String OPERATOR_TOKEN = "operator-token-for-safety-tests-0123456789";

	static final String OPERATOR = "Bearer " + OPERATOR_TOKEN;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	SafetyReads safetyReads;

	/** A new user: its registration body (userID, accessToken, …). */
	Map<String, Object> user() throws Exception {
		return newUser();
	}

	static UserId id(Map<String, Object> user) {
		return UserId.parse((String) user.get("userID"));
	}

	HttpResponse<String> block(Map<String, Object> blocker, Object blocked) throws Exception {
		return send("POST", "/api/v1/users/" + blocker.get("userID") + "/blocks", bearer(blocker),
				"{\"blockedUserID\":\"" + blocked + "\"}");
	}

	HttpResponse<String> unblock(Map<String, Object> blocker, Object blocked) throws Exception {
		return send("DELETE", "/api/v1/users/" + blocker.get("userID") + "/blocks/" + blocked, bearer(blocker), null);
	}

	HttpResponse<String> report(Map<String, Object> reporter, String body) throws Exception {
		return send("POST", "/api/v1/reports", bearer(reporter), body);
	}

	HttpResponse<String> suspend(Object userId, String body) throws Exception {
		return send("POST", "/api/v1/operator/users/" + userId + "/suspension", OPERATOR, body);
	}

	HttpResponse<String> lift(Object userId) throws Exception {
		return send("DELETE", "/api/v1/operator/users/" + userId + "/suspension", OPERATOR, null);
	}

	/** The members of a user's block set in Redis. */
	java.util.Set<String> blockSet(Map<String, Object> user) {
		return this.redis.opsForSet().members(SafetyReads.blocksKey(id(user)));
	}

	boolean suspendedInRedis(Map<String, Object> user) {
		return Boolean.TRUE.equals(this.redis.opsForSet().isMember(SafetyReads.SUSPENDED_KEY, user.get("userID")));
	}

	/** The outbox's event types that concern the user (as actor), oldest first. */
	List<String> outboxTypes(Map<String, Object> user) {
		return this.jdbc.sql("SELECT event_type FROM event_outbox WHERE payload LIKE :user ORDER BY id")
			.param("user", "%\"userId\":\"" + user.get("userID") + "\"%")
			.query(String.class)
			.list();
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> list(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), List.class);
	}

}
