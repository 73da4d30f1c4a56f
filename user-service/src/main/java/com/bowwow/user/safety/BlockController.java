package com.bowwow.user.safety;

import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.user.safety.Blocks.BlockOutcome;
import com.bowwow.user.safety.SafetyApi.BlockRequest;
import com.bowwow.user.safety.SafetyApi.BlockResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A user's own blocks; only that user may see or change them. */
@RestController
@RequestMapping("/api/v1/users/{userID}/blocks")
class BlockController {

	private final Blocks blocks;

	BlockController(Blocks blocks) {
		this.blocks = blocks;
	}

	/**
	 * 201 for a new block, 200 when it already stood; the read model is written before.
	 */
	@PostMapping
	ResponseEntity<BlockResponse> block(@PathVariable("userID") UserId userId, @Valid @RequestBody BlockRequest request,
			@AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		BlockOutcome outcome = this.blocks.block(userId, request.blockedUserId());
		return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(BlockResponse.of(outcome.block()));
	}

	@GetMapping
	List<BlockResponse> list(@PathVariable("userID") UserId userId, @AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		return this.blocks.blocksBy(userId).stream().map(BlockResponse::of).toList();
	}

	/** 204 whether or not the block existed. */
	@DeleteMapping("/{blockedUserID}")
	ResponseEntity<Void> unblock(@PathVariable("userID") UserId userId,
			@PathVariable("blockedUserID") UserId blockedUserId, @AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		this.blocks.unblock(userId, blockedUserId);
		return ResponseEntity.noContent().build();
	}

}
