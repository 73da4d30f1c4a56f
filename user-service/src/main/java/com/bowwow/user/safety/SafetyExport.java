package com.bowwow.user.safety;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's own safety data for their export: the blocks they made, the reports they
 * filed, and whether they are suspended (never who reported or blocked them).
 */
@Component
public class SafetyExport {

	private final SafetyStore store;

	private final JdbcClient jdbc;

	SafetyExport(SafetyStore store, JdbcClient jdbc) {
		this.store = store;
		this.jdbc = jdbc;
	}

	public Map<String, Object> of(UserId userId) {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("blocks",
				this.store.blocksBy(userId)
					.stream()
					.map((block) -> Map.of("blockedUserID", block.blocked().toString(), "createdAt", block.createdAt()))
					.toList());
		List<Map<String, Object>> reports = this.jdbc.sql("""
				SELECT id, reported_user_id, reason, signal_id, note, status, created_at, closed_at FROM reports
				WHERE reporter_id = :user ORDER BY created_at DESC, id""")
			.param("user", userId.value())
			.query((rs, row) -> {
				Map<String, Object> report = new LinkedHashMap<>();
				report.put("reportID", rs.getString("id"));
				report.put("reportedUserID", rs.getString("reported_user_id"));
				report.put("reason", rs.getString("reason"));
				report.put("signalID", rs.getString("signal_id"));
				report.put("note", rs.getString("note"));
				report.put("status", rs.getString("status"));
				report.put("createdAt", rs.getTimestamp("created_at").toInstant());
				report.put("closedAt",
						(rs.getTimestamp("closed_at") != null) ? rs.getTimestamp("closed_at").toInstant() : null);
				return report;
			})
			.list();
		section.put("reportsFiled", reports);
		section.put("suspension", this.store.suspension(userId).map((suspension) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("reason", suspension.reason());
			view.put("until", suspension.until());
			view.put("createdAt", suspension.createdAt());
			return (Object) view;
		}).orElse(null));
		return section;
	}

}
