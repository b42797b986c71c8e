package com.reachtown.dispatcher.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid {@code X-API-Key} on reach-town's endpoints ({@code /v1/messages/**}),
 * the outbox API ({@code /v1/outbox/**}) and the Prometheus endpoint
 * ({@code /prometheus}). On every other path a valid key is optional and only marks the
 * request as authenticated, which lets {@code /health} show its details. Keys are
 * compared by their SHA-256 digests in constant time, so neither their content nor their
 * length leaks through timing.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final List<String> PROTECTED_PATHS = List.of("/v1/messages", "/v1/outbox", "/prometheus");

	private final List<byte[]> keyDigests;

	private final ProblemResponses problems;

	ApiKeyFilter(List<String> apiKeys, ProblemResponses problems) {
		this.keyDigests = apiKeys.stream().map(ApiKeyFilter::sha256).toList();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		boolean valid = key != null && isAccepted(key);
		boolean required = isProtected(request.getRequestURI());
		if (required && !valid) {
			String detail = (key == null) ? HEADER + " header is missing" : HEADER + " is not a valid key";
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, detail);
			return;
		}
		chain.doFilter(valid ? new AuthenticatedRequest(request) : request, response);
	}

	/**
	 * Tells whether a path needs a key: reach-town's API, the outbox API, and the
	 * Prometheus scrape endpoint, whose metrics name providers and volumes. A plain
	 * prefix test, so that {@code /v1/messages;x=1/send}, which Spring MVC maps to the
	 * send endpoint, still needs a key.
	 */
	static boolean isProtected(String path) {
		return PROTECTED_PATHS.stream().anyMatch(path::startsWith);
	}

	private boolean isAccepted(String key) {
		byte[] digest = sha256(key);
		boolean accepted = false;
		for (byte[] candidate : this.keyDigests) {
			accepted |= MessageDigest.isEqual(candidate, digest);
		}
		return accepted;
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A request whose caller presented a valid API key.
	 */
	private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

		private static final Principal API_CLIENT = () -> "api-key";

		AuthenticatedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return API_CLIENT;
		}

	}

}
