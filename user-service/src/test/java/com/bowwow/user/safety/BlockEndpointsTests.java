package com.bowwow.user.safety;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocks over real HTTP: the contract shapes, the read model before the 2xx, hostile
 * input.
 */
class BlockEndpointsTests extends SafetyTestSupport {

	@Test
	void aBlockIsInForceBothWaysWhenThe201Arrives() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		HttpResponse<String> response = block(alice, bob.get("userID"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(body(response)).containsOnlyKeys("blockedUserID", "createdAt")
			.containsEntry("blockedUserID", bob.get("userID"));
		assertThat((String) body(response).get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		// read right after the answer, no waiting: written before the 2xx
		assertThat(blockSet(alice)).containsExactly((String) bob.get("userID"));
		assertThat(blockSet(bob)).containsExactly((String) alice.get("userID"));
		assertThat(this.safetyReads.blockedBetween(id(bob), id(alice))).isTrue();
		assertThat(outboxTypes(alice)).containsExactly("UserRegistered", "UserBlocked");
	}

	@Test
	void blockingAgainAnswers200WithTheFirstBlockAndNoNewEvent() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		Map<String, Object> first = body(block(alice, bob.get("userID")));
		HttpResponse<String> again = block(alice, bob.get("userID"));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(body(again)).isEqualTo(first);
		assertThat(outboxTypes(alice)).containsExactly("UserRegistered", "UserBlocked");
	}

	@Test
	void theListShowsTheBlocksTheCallerMadeNewestFirst() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		Map<String, Object> carol = user();
		block(alice, bob.get("userID"));
		block(carol, alice.get("userID"));
		List<Map<String, Object>> blocks = list(
				send("GET", "/api/v1/users/" + alice.get("userID") + "/blocks", bearer(alice), null));
		assertThat(blocks).hasSize(1);
		assertThat(blocks.getFirst()).containsOnlyKeys("blockedUserID", "createdAt")
			.containsEntry("blockedUserID", bob.get("userID"));
		assertThat(list(send("GET", "/api/v1/users/" + bob.get("userID") + "/blocks", bearer(bob), null))).isEmpty();
	}

	@Test
	void unblockingLiftsTheBlockEverywhereAndIsIdempotent() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		block(alice, bob.get("userID"));
		assertThat(unblock(alice, bob.get("userID")).statusCode()).isEqualTo(204);
		assertThat(blockSet(alice)).isEmpty();
		assertThat(blockSet(bob)).isEmpty();
		assertThat(unblock(alice, bob.get("userID")).statusCode()).isEqualTo(204);
		// never blocked, unknown user: still 204, nothing announced
		assertThat(unblock(alice, UserId.random()).statusCode()).isEqualTo(204);
		assertThat(outboxTypes(alice)).containsExactly("UserRegistered", "UserBlocked", "UserUnblocked");
	}

	@Test
	void unblockingKeepsThemApartWhileTheOtherSidesBlockStands() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		block(alice, bob.get("userID"));
		block(bob, alice.get("userID"));
		assertThat(unblock(alice, bob.get("userID")).statusCode()).isEqualTo(204);
		assertThat(blockSet(alice)).containsExactly((String) bob.get("userID"));
		assertThat(blockSet(bob)).containsExactly((String) alice.get("userID"));
		// and alice cannot lift bob's block
		assertThat(send("DELETE", "/api/v1/users/" + bob.get("userID") + "/blocks/" + alice.get("userID"),
				bearer(alice), null)
			.statusCode()).isEqualTo(403);
		assertThat(unblock(bob, alice.get("userID")).statusCode()).isEqualTo(204);
		assertThat(blockSet(alice)).isEmpty();
		assertThat(blockSet(bob)).isEmpty();
	}

	@Test
	void hostileAndInvalidBlocksAreRefused() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		String path = "/api/v1/users/" + alice.get("userID") + "/blocks";
		Map<String, Object> self = problem(block(alice, alice.get("userID")), 400, "VALIDATION_FAILED");
		assertThat(self.get("errors"))
			.isEqualTo(List.of(Map.of("field", "blockedUserID", "message", "must not be yourself")));
		problem(block(alice, UserId.random()), 404, "NOT_FOUND");
		// another user's path: neither blocking, listing nor unblocking on their behalf
		problem(send("POST", "/api/v1/users/" + bob.get("userID") + "/blocks", bearer(alice),
				"{\"blockedUserID\":\"" + alice.get("userID") + "\"}"), 403, "FORBIDDEN");
		problem(send("GET", "/api/v1/users/" + bob.get("userID") + "/blocks", bearer(alice), null), 403, "FORBIDDEN");
		problem(send("POST", path, null, "{\"blockedUserID\":\"" + bob.get("userID") + "\"}"), 401, "UNAUTHORIZED");
		for (String body : new String[] { "{}", "{\"blockedUserID\":null}", "{\"blockedUserID\":42}",
				"{\"blockedUserID\":\"not-a-uuid\"}", "{\"blockedUserID\":[\"" + bob.get("userID") + "\"]}", "[]" }) {
			HttpResponse<String> response = send("POST", path, bearer(alice), body);
			assertThat(response.statusCode()).as(body + " -> " + response.body()).isEqualTo(400);
		}
		problem(send("POST", path, bearer(alice), "{\"blockedUserID\":"), 400, "MALFORMED_JSON");
		assertThat(send("DELETE", path + "/not-a-uuid", bearer(alice), null).statusCode()).isEqualTo(400);
		assertThat(blockSet(alice)).isEmpty();
		assertThat(this.jdbc.sql("SELECT count(*) FROM blocks WHERE blocker_id = ?::uuid")
			.param(alice.get("userID"))
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void hiddenFromAnswersBlocksEitherWayAndSuspensionsInOneCall() throws Exception {
		Map<String, Object> viewer = user();
		Map<String, Object> blockedByViewer = user();
		Map<String, Object> blockingViewer = user();
		Map<String, Object> suspended = user();
		Map<String, Object> visible = user();
		block(viewer, blockedByViewer.get("userID"));
		block(blockingViewer, viewer.get("userID"));
		assertThat(suspend(suspended.get("userID"), "{\"reason\":\"spam\"}").statusCode()).isEqualTo(201);
		assertThat(this.safetyReads.hiddenFrom(id(viewer),
				List.of(id(blockedByViewer), id(blockingViewer), id(suspended), id(visible))))
			.containsExactlyInAnyOrder(id(blockedByViewer), id(blockingViewer), id(suspended));
		assertThat(this.safetyReads.hiddenFrom(id(visible), List.of(id(viewer), id(suspended))))
			.containsExactly(id(suspended));
		assertThat(this.safetyReads.blockedWith(id(viewer))).containsExactlyInAnyOrder(id(blockedByViewer),
				id(blockingViewer));
		assertThat(this.safetyReads.suspendedAmong(List.of(id(viewer), id(suspended)))).containsExactly(id(suspended));
		assertThat(this.safetyReads.hiddenFrom(id(viewer), List.of())).isEmpty();
	}

}
