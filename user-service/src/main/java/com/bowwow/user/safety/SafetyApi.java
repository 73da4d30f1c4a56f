package com.bowwow.user.safety;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.user.api.ReportReason;
import com.bowwow.user.safety.SafetyStore.Block;
import com.bowwow.user.safety.SafetyStore.Report;
import com.bowwow.user.safety.SafetyStore.Suspension;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The wire shapes of the safety endpoints (api-v1.md, "Safety"). */
final class SafetyApi {

	/** The longest report note accepted. */
	static final int NOTE_MAX = 1000;

	/** The longest suspension reason accepted. */
	static final int REASON_MAX = 500;

	/** No NUL characters: PostgreSQL text cannot hold them. */
	static final String NO_NUL = "[^\\x00]*";

	static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

	private SafetyApi() {
	}

	/** {@code POST /api/v1/users/{userID}/blocks} body. */
	record BlockRequest(@JsonProperty("blockedUserID") @NotNull(message = "is required") UserId blockedUserId) {

	}

	/** One block the caller made. */
	record BlockResponse(@JsonProperty("blockedUserID") UserId blockedUserId, Instant createdAt) {

		static BlockResponse of(Block block) {
			return new BlockResponse(block.blocked(), block.createdAt());
		}

	}

	/**
	 * {@code POST /api/v1/reports} body.
	 *
	 * @param reportedUserId who is reported
	 * @param reason why
	 * @param signalId the signal it is about (optional), a UUID
	 * @param note the reporter's words (optional, at most {@value #NOTE_MAX} characters)
	 */
	record ReportRequest(@JsonProperty("reportedUserID") @NotNull(message = "is required") UserId reportedUserId,
			@NotNull(message = "is required") ReportReason reason,
			@JsonProperty("signalID") @JsonDeserialize(using = StrictString.class) @Pattern(regexp = UUID_PATTERN,
					message = "must be a UUID") String signalId,
			@JsonDeserialize(using = StrictString.class) @Size(max = NOTE_MAX,
					message = "must be at most " + NOTE_MAX + " characters") @Pattern(regexp = NO_NUL,
							message = "must not contain NUL characters") String note) {

		UUID signal() {
			return (this.signalId != null) ? UUID.fromString(this.signalId) : null;
		}

	}

	/** What the reporter sees. */
	record ReportReceipt(@JsonProperty("reportID") UUID reportId, ReportStatus status, Instant createdAt) {

		static ReportReceipt of(Report report) {
			return new ReportReceipt(report.id(), report.status(), report.createdAt());
		}

	}

	/**
	 * What operators see of a report; {@code reportedUserID} is null once that user
	 * deleted their account.
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record OperatorReport(@JsonProperty("reportID") UUID reportId, @JsonProperty("reporterID") UserId reporterId,
			@JsonProperty("reportedUserID") UserId reportedUserId, ReportReason reason,
			@JsonProperty("signalID") UUID signalId, String note, ReportStatus status, Instant createdAt,
			Instant closedAt) {

		static OperatorReport of(Report report) {
			return new OperatorReport(report.id(), report.reporter(), report.reported(), report.reason(),
					report.signalId(), report.note(), report.status(), report.createdAt(), report.closedAt());
		}

	}

	/**
	 * {@code POST /api/v1/operator/users/{userID}/suspension} body.
	 *
	 * @param reason why (shown to operators, announced in the event)
	 * @param until when it ends by itself (optional: until lifted); must be in the future
	 */
	record SuspensionRequest(@JsonDeserialize(using = StrictString.class) @NotBlank(message = "is required") @Size(
			max = REASON_MAX, message = "must be at most " + REASON_MAX + " characters") @Pattern(regexp = NO_NUL,
					message = "must not contain NUL characters") String reason,
			Instant until) {

	}

	record SuspensionResponse(@JsonProperty("userID") UserId userId, String reason, Instant until, Instant createdAt) {

		static SuspensionResponse of(Suspension suspension) {
			return new SuspensionResponse(suspension.userId(), suspension.reason(), suspension.until(),
					suspension.createdAt());
		}

	}

}
