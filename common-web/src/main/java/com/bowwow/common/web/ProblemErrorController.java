package com.bowwow.common.web;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.PayloadTooLargeException;
import com.bowwow.common.problem.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON error page: whatever reaches the servlet container's
 * error dispatch (a failure in a filter, a rejected request) still answers with a problem
 * and never with a stack trace.
 */
@RestController
public class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	public ResponseEntity<Object> error(HttpServletRequest request) {
		Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (statusAttribute instanceof Integer value) ? value : 500;
		Object uriAttribute = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String uri = (uriAttribute != null) ? uriAttribute.toString() : null;
		Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		ProblemDetail problem;
		if (hasCause(exception, PayloadTooLargeException.class) || status == 413) {
			problem = Problems.of(CommonProblem.PAYLOAD_TOO_LARGE, "Request body is too large", uri);
		}
		else {
			CommonProblem type = CommonProblem.forStatus(status);
			problem = Problems.of(type, type.title(), uri);
		}
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.toMap(problem));
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
