package com.bowwow.user.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.user.account.User;
import com.bowwow.user.account.UserAccounts;
import com.bowwow.user.safety.SafetyExport;
import com.bowwow.user.token.RefreshTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

/**
 * Everything held about a user, from every service, as one document. All or nothing: if
 * one service cannot answer, the export is refused with a retryable 503, never handed out
 * with a section silently missing.
 */
@Service
class UserExport {

	private static final Logger log = LoggerFactory.getLogger(UserExport.class);

	private final UserAccounts accounts;

	private final RefreshTokens refreshTokens;

	private final SafetyExport safety;

	private final ExportSources sources;

	UserExport(UserAccounts accounts, RefreshTokens refreshTokens, SafetyExport safety, ExportSources sources) {
		this.accounts = accounts;
		this.refreshTokens = refreshTokens;
		this.safety = safety;
		this.sources = sources;
	}

	Map<String, Object> of(UserId userId) {
		User user = this.accounts.get(userId);
		Map<String, Future<JsonNode>> remote = new LinkedHashMap<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (String section : this.sources.sections()) {
				remote.put(section, executor.submit(() -> this.sources.fetch(section, userId)));
			}
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("userID", user.id().toString());
			Map<String, Object> account = new LinkedHashMap<>();
			account.put("userID", user.id().toString());
			account.put("settings", user.settings());
			account.put("createdAt", user.createdAt());
			account.put("updatedAt", user.updatedAt());
			account.put("deviceToken", user.deviceToken());
			account.put("deviceTokenStatus", user.tokenStatus());
			List<RefreshTokens.Install> installs = this.refreshTokens.installs(userId);
			account.put("installs", installs);
			document.put("account", account);
			document.put("safety", this.safety.of(userId));
			for (Map.Entry<String, Future<JsonNode>> entry : remote.entrySet()) {
				document.put(entry.getKey(), await(entry.getKey(), entry.getValue()));
			}
			return document;
		}
	}

	private static JsonNode await(String section, Future<JsonNode> answer) {
		try {
			return answer.get();
		}
		catch (ExecutionException ex) {
			log.warn("Export: the {} section could not be fetched: {}", section, ex.getCause().toString());
			throw unavailable(section, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(section, ex);
		}
	}

	private static ApiException unavailable(String section, Throwable cause) {
		return new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
				"The " + section + " part of the export is unavailable right now; please retry shortly", cause)
			.header("Retry-After", "5");
	}

}
