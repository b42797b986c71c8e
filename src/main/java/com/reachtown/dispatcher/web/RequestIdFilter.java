package com.reachtown.dispatcher.web;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.reachtown.dispatcher.logging.RequestIds;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each request an id: the caller's {@code X-Request-Id} when it is acceptable, else
 * a new UUID. The id is in the MDC as {@code request_id} for every log line of the
 * request, is echoed in the response's {@code X-Request-Id}, and is passed on to the
 * providers called while the request is handled.
 */
class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String received = request.getHeader(RequestIds.HEADER);
		String requestId = RequestIds.isAcceptable(received) ? received : UUID.randomUUID().toString();

		response.setHeader(RequestIds.HEADER, requestId);
		try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestIds.MDC_KEY, requestId)) {
			chain.doFilter(request, response);
		}
	}

}
