package com.bowwow.user.safety;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.ReportReason;
import com.bowwow.user.safety.SafetyStore.Report;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports of users to operators. Filing one also blocks the reported user, in the same
 * transaction.
 */
@Service
class Reports {

	private final SafetyStore store;

	private final Blocks blocks;

	private final SafetyEvents events;

	private final SafetyModel model;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Reports(SafetyStore store, Blocks blocks, SafetyEvents events, SafetyModel model,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.store = store;
		this.blocks = blocks;
		this.events = events;
		this.model = model;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Files the report and blocks the reported user. While the reporter's earlier report
	 * on the same user is open, that one is answered instead (no new row, no event): a
	 * retry after a 503 is idempotent and nobody can flood the operators' queue.
	 * @return the report and whether this call filed it
	 */
	Filing file(UserId reporter, UserId reported, ReportReason reason, UUID signalId, String note) {
		if (reporter.equals(reported)) {
			throw ApiException.invalid("reportedUserID", "must not be yourself");
		}
		// Full precision, so the operators' queue orders reports filed in the same second
		// (the wire shows whole seconds).
		Instant now = this.clock.instant();
		Filing filing = this.transactions.execute((status) -> {
			this.blocks.blockInTransaction(reporter, reported, now, this.events::publish);
			Report filed = new Report(UUID.randomUUID(), reporter, reported, reason, signalId, note, ReportStatus.OPEN,
					now, null);
			if (!this.store.insertReport(filed)) {
				return new Filing(this.store.openReport(reporter, reported).orElseThrow(), false);
			}
			this.events.publish(ReportFiled.of(reporter, filed.id(), reported, reason, now));
			return new Filing(filed, true);
		});
		this.model.syncPair(reporter, reported);
		return filing;
	}

	/**
	 * @param report the report
	 * @param created whether this call filed it
	 */
	record Filing(Report report, boolean created) {

	}

	/**
	 * A page of reports with the status, newest first.
	 * @param after the last report of the previous page, or null for the first page
	 */
	List<Report> list(ReportStatus status, UUID after, int limit) {
		Report cursor = null;
		if (after != null) {
			cursor = this.store.report(after)
				.filter((report) -> report.status() == status)
				.orElseThrow(() -> ApiException.invalid("after", "is not a report of this page's status"));
		}
		return this.store.reports(status, cursor, limit);
	}

	/** Closes the report (idempotent). */
	Report close(UUID reportId) {
		return this.transactions.execute((status) -> {
			this.store.closeReport(reportId, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
			return this.store.report(reportId).orElseThrow(() -> ApiException.notFound("No report " + reportId));
		});
	}

}
