package com.bowwow.common.web;

import java.io.IOException;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 415, a Content-Type that cannot be parsed or names no concrete type
 * ({@code *}{@code /*}), and JSON dialects other than plain JSON
 * ({@code application/json-patch+json} and the like): the API takes
 * {@code application/json} and nothing that merely looks like it. Other media types (a
 * form post to the operator dashboard, say) are left to the endpoint, which refuses what
 * it does not consume.
 */
public class MediaTypeGuardFilter extends OncePerRequestFilter {

	private final ProblemWriter problemWriter;

	public MediaTypeGuardFilter(ProblemWriter problemWriter) {
		this.problemWriter = problemWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Content-Type");
		if (header != null && !acceptable(header)) {
			this.problemWriter.write(response, Problems.of(CommonProblem.UNSUPPORTED_MEDIA_TYPE,
					"Request bodies must be application/json", request.getRequestURI()));
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean acceptable(String header) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		if (type.isWildcardType() || type.isWildcardSubtype()) {
			return false;
		}
		String suffix = type.getSubtypeSuffix();
		return !"json".equals(suffix) || MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(type);
	}

}
