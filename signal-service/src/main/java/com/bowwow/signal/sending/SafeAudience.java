package com.bowwow.signal.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Wave.Candidate;

import org.springframework.dao.DataAccessException;

/**
 * Who a wave may be planned for: nobody blocked either way with the sender and nobody
 * suspended ({@link SafetyReads}, one round trip); a suspended sender sends nothing.
 * Fails closed: when the safety read model cannot be read, nothing is planned.
 */
class SafeAudience {

	private final SafetyReads safety;

	public SafeAudience(SafetyReads safety) {
		this.safety = safety;
	}

	/**
	 * The candidates the sender may reach.
	 * @throws ApiException {@code ACCOUNT_SUSPENDED} for a suspended sender,
	 * {@code SIGNAL_UNAVAILABLE} when the safety read model cannot be read
	 */
	public List<Candidate> of(UserId sender, List<Candidate> candidates) {
		List<UserId> ids = new ArrayList<>(candidates.size() + 1);
		candidates.forEach((candidate) -> ids.add(candidate.userId()));
		// The sender is asked about too: they are in the answer only if suspended (nobody
		// blocks themselves), so one round trip covers both.
		ids.add(sender);
		Set<UserId> hidden;
		try {
			hidden = this.safety.hiddenFrom(sender, ids);
		}
		catch (DataAccessException ex) {
			throw new ApiException(SignalProblem.SIGNAL_UNAVAILABLE,
					"Signals cannot be sent right now; please try again shortly", ex)
				.header("Retry-After", "5");
		}
		if (hidden.contains(sender)) {
			throw new ApiException(SignalProblem.ACCOUNT_SUSPENDED, "A suspended account cannot send signals");
		}
		if (hidden.isEmpty()) {
			return candidates;
		}
		return candidates.stream().filter((candidate) -> !hidden.contains(candidate.userId())).toList();
	}

	/**
	 * Like {@link #of}, for a wave already travelling; failures propagate as they are.
	 */
	public List<Candidate> stillReachable(UserId sender, List<Candidate> candidates) {
		if (candidates.isEmpty()) {
			return candidates;
		}
		Set<UserId> hidden = this.safety.hiddenFrom(sender, candidates.stream().map(Candidate::userId).toList());
		return candidates.stream().filter((candidate) -> !hidden.contains(candidate.userId())).toList();
	}

}
