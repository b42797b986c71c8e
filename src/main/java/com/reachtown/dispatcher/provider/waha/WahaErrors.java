package com.reachtown.dispatcher.provider.waha;

import java.time.Duration;

import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps WAHA's error responses to {@link ProviderException}s. WAHA is a NestJS server and
 * returns errors as {@code {"statusCode": 422, "message": "…", "error": "…"}}. WAHA has
 * no error codes of its own, so the HTTP status is the error code.
 */
final class WahaErrors {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final int MAX_DETAIL_LENGTH = 300;

	private final JsonMapper jsonMapper;

	WahaErrors(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Maps an error response.
	 * @param status the HTTP status, 400 or above
	 * @param body the response body, possibly empty
	 * @param retryAfter the response's {@code Retry-After}, or {@code null}
	 * @return the exception to throw
	 */
	ProviderException toProviderException(int status, String body, Duration retryAfter) {
		String detail = detail(body);
		if (status == 401 || status == 403) {
			return exception(Kind.MISCONFIGURED, status,
					"WAHA rejected the API key (HTTP " + status + "); check WAHA_API_KEY", null);
		}
		if (status == 404) {
			return exception(Kind.MISCONFIGURED, status, "WAHA did not find the session or endpoint (HTTP 404: "
					+ detail + "); check WAHA_SESSION" + " and WAHA_BASE_URL", null);
		}
		if (status == 422) {
			// WAHA returns 422 when the session is not WORKING (starting, waiting for a
			// QR
			// scan, failed), which a restart or a scan can fix.
			return exception(Kind.UNAVAILABLE, status, "WAHA session is not ready (HTTP 422): " + detail, null);
		}
		if (status == 429) {
			return exception(Kind.RATE_LIMITED, status, "WAHA limited the request rate",
					(retryAfter != null) ? retryAfter : DEFAULT_RETRY_AFTER);
		}
		if (status >= 500) {
			return exception(Kind.UNAVAILABLE, status, "WAHA failed with HTTP " + status + ": " + detail, null);
		}
		return exception(Kind.REJECTED, status, "WAHA rejected the message (HTTP " + status + "): " + detail, null);
	}

	/** Returns the {@code message} of an error body, else the start of the body. */
	private String detail(String body) {
		JsonNode message = readTree(body).path("message");
		String detail = message.isMissingNode() ? body : (message.isString() ? message.asString() : message.toString());
		if (detail == null || detail.isBlank()) {
			return "no details";
		}
		return (detail.length() > MAX_DETAIL_LENGTH) ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail;
	}

	private JsonNode readTree(String body) {
		try {
			JsonNode tree = (body == null || body.isBlank()) ? null : this.jsonMapper.readTree(body);
			return (tree != null) ? tree : this.jsonMapper.missingNode();
		}
		catch (JacksonException ex) {
			return this.jsonMapper.missingNode();
		}
	}

	private static ProviderException exception(Kind kind, int status, String message, Duration retryAfter) {
		return new ProviderException(WahaProvider.NAME, kind, Integer.toString(status), message, retryAfter, null);
	}

}
