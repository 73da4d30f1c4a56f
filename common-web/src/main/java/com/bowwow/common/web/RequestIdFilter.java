package com.bowwow.common.web;

import java.io.IOException;

import com.bowwow.common.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/** Puts the request ID in the MDC for logging and echoes it in the response. */
public class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
		MDC.put(Problems.REQUEST_ID_MDC_KEY, requestId);
		response.setHeader(RequestIds.HEADER, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(Problems.REQUEST_ID_MDC_KEY);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
