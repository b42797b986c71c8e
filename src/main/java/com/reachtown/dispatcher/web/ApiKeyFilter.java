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
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid {@code X-API-Key} on every path but the public ones: the provider
 * webhooks ({@code /v1/webhooks/**}, which carry their providers' own signatures), the
 * health probes and the API description. On a public path a valid key is optional and
 * only marks the request as authenticated, which lets {@code /health} show its details.
 * Keys are compared by their SHA-256 digests in constant time, so neither their content
 * nor their length leaks through timing.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final List<String> PUBLIC_PATHS = List.of("/v1/webhooks/incoming", "/v1/webhooks/status", "/health",
			"/v3/api-docs", "/swagger-ui.html", "/swagger-ui");

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
		boolean required = isProtected(request);
		if (required && !valid) {
			String detail = (key == null) ? HEADER + " header is missing" : HEADER + " is not a valid key";
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, detail);
			return;
		}
		chain.doFilter(valid ? new AuthenticatedRequest(request) : request, response);
	}

	/**
	 * Tells whether a request needs a key. The path is read as Spring MVC matches it,
	 * each segment decoded and stripped of {@code ;parameters}, so that
	 * {@code /v1/%6Dessages/send} or {@code /v1;x/messages/send} cannot pass for another
	 * path. Paths outside the public list, unknown ones included, need a key.
	 */
	private static boolean isProtected(HttpServletRequest request) {
		return isProtected(matchedPath(request));
	}

	/**
	 * Tells whether a decoded path, as Spring MVC matches it, needs a key.
	 * @param path the path, such as {@code /v1/messages/send}
	 * @return {@code true} unless the path is public
	 */
	static boolean isProtected(String path) {
		return PUBLIC_PATHS.stream().noneMatch((prefix) -> path.equals(prefix) || path.startsWith(prefix + "/"));
	}

	private static String matchedPath(HttpServletRequest request) {
		RequestPath requestPath = RequestPath.parse(request.getRequestURI(), request.getContextPath());
		StringBuilder path = new StringBuilder();
		for (PathContainer.Element element : requestPath.pathWithinApplication().elements()) {
			path.append((element instanceof PathContainer.PathSegment segment) ? segment.valueToMatch() : "/");
		}
		return path.toString();
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
