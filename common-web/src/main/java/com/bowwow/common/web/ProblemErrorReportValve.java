package com.bowwow.common.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page, for what it refuses before Spring sees the request (a
 * malformed path or header, an unknown transfer coding, an HTTP version it does not
 * speak), as a problem instead of HTML. Statuses a bad request must never get (501, 505)
 * become 400: the contract answers bad input with 4xx only.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	/**
	 * Replaces the host's HTML error report valve with this one when the context starts.
	 */
	public static void install(Context context) {
		context.addLifecycleListener((event) -> {
			if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				return;
			}
			Container host = context.getParent();
			if (host == null) {
				return;
			}
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
					host.getPipeline().removeValve(valve);
				}
			}
			boolean present = false;
			for (Valve valve : host.getPipeline().getValves()) {
				present |= valve instanceof ProblemErrorReportValve;
			}
			if (!present) {
				host.getPipeline().addValve(new ProblemErrorReportValve());
			}
		});
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		if (status == 501 || status == 505) {
			status = 400;
			response.setStatus(status);
		}
		String code = switch (status) {
			case 400 -> "BAD_REQUEST";
			case 404 -> "NOT_FOUND";
			case 405 -> "METHOD_NOT_ALLOWED";
			case 413 -> "PAYLOAD_TOO_LARGE";
			case 414 -> "URI_TOO_LONG";
			case 431 -> "HEADERS_TOO_LARGE";
			default -> (status >= 500) ? "INTERNAL_ERROR" : "BAD_REQUEST";
		};
		String title = (status >= 500) ? "Internal error" : "The request cannot be processed";
		String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"The request is malformed or too large\",\"code\":\"" + code + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response was already committed: nothing to add.
		}
	}

}
