package com.reachtown.dispatcher.logging;

import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The request id that ties together the log lines of one request and the calls it makes
 * to providers and to reach-town. It travels in the {@code X-Request-Id} header and sits
 * in the logging MDC under {@code request_id} while the request is handled. The outbox
 * relay uses the event id as the request id of a forward.
 */
public final class RequestIds {

	/** The HTTP header that carries the request id, in and out. */
	public static final String HEADER = "X-Request-Id";

	/** The MDC key of the request id. */
	public static final String MDC_KEY = "request_id";

	/**
	 * Letters, digits and {@code . _ : -}, up to 128 characters: enough for UUIDs and the
	 * ids of common proxies, and nothing that could forge a log line.
	 */
	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

	private RequestIds() {
	}

	/**
	 * Returns the request id of the current thread.
	 * @return the id, or {@code null} outside a request or forward
	 */
	public static String current() {
		return MDC.get(MDC_KEY);
	}

	/**
	 * Tells whether a caller's request id can be used as it is.
	 * @param candidate the header value, possibly {@code null}
	 * @return {@code true} for a non-empty id made only of accepted characters
	 */
	public static boolean isAcceptable(String candidate) {
		return candidate != null && ACCEPTED.matcher(candidate).matches();
	}

}
