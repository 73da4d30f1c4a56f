package com.bowwow.common.web;

import java.io.IOException;

import com.bowwow.common.problem.Problems;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes a problem straight to a servlet response, for code that runs outside MVC. */
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(Problems.toMap(problem)));
		response.flushBuffer();
	}

}
